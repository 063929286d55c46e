#!/usr/bin/python3
"""Reads a collector's /metrics and prints, for one sink: enqueued and delivered records and the
p50 and p99 of divolte_sink_delivery_latency_seconds in milliseconds (linear interpolation inside
the histogram bucket, as Prometheus' histogram_quantile does).
Usage: sink_metrics.py <port> <sink>"""

import re
import sys
import urllib.request


def main():
    port, sink = sys.argv[1], sys.argv[2]
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    values, buckets = {}, []
    for line in body.splitlines():
        match = re.match(r'^(\w+)\{(.*)\} (\S+)$', line)
        if not match or f'sink="{sink}"' not in match.group(2):
            continue
        name, labels, value = match.group(1), match.group(2), float(match.group(3))
        if name == "divolte_sink_delivery_latency_seconds_bucket":
            bound = re.search(r'le="([^"]+)"', labels).group(1)
            buckets.append((float("inf") if bound == "+Inf" else float(bound), value))
        elif name in ("divolte_sink_enqueued_total", "divolte_sink_delivered_total"):
            values[name] = value
    buckets.sort()

    def quantile(q):
        total = buckets[-1][1] if buckets else 0
        if total == 0:
            return float("nan")
        rank, lower, below = q * total, 0.0, 0.0
        for bound, cumulative in buckets:
            if cumulative >= rank:
                if bound == float("inf"):
                    return lower * 1000
                share = (rank - below) / (cumulative - below) if cumulative > below else 1
                return (lower + (bound - lower) * share) * 1000
            lower, below = bound, cumulative
        return float("nan")

    print(f"{values.get('divolte_sink_enqueued_total', 0):.0f} "
          f"{values.get('divolte_sink_delivered_total', 0):.0f} "
          f"{quantile(0.5):.2f} {quantile(0.99):.2f}")


if __name__ == "__main__":
    main()
