#!/usr/bin/python3
"""Reads a collector's /metrics and prints, for one sink: enqueued and delivered records and the
p50 and p99 of divolte_sink_delivery_latency_seconds in milliseconds (linear interpolation inside
the histogram bucket, as Prometheus' histogram_quantile does).
Usage: sink_metrics.py <port> <sink>"""

import os
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from harness import parse_metrics  # noqa: E402


def quantile(buckets, q):
    """`buckets`: sorted [(upper bound, cumulative count)], the last bound +Inf."""
    total = buckets[-1][1] if buckets else 0
    if total == 0:
        return float("nan")
    rank, lower, below = q * total, 0.0, 0.0
    for bound, cumulative in buckets:
        if cumulative >= rank:
            if bound == float("inf"):
                return lower
            share = (rank - below) / (cumulative - below) if cumulative > below else 1
            return lower + (bound - lower) * share
        lower, below = bound, cumulative
    return float("nan")


def main():
    port, sink = sys.argv[1], sys.argv[2]
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    samples = parse_metrics(text)
    values, buckets = {}, []
    for (name, labels), value in samples.items():
        labels = dict(labels)
        if labels.get("sink") != sink:
            continue
        if name == "divolte_sink_delivery_latency_seconds_bucket":
            buckets.append((float(labels["le"]), value))  # float("+Inf") is inf
        else:
            values[name] = value
    buckets.sort()
    print(f"{values.get('divolte_sink_enqueued_total', 0):.0f} "
          f"{values.get('divolte_sink_delivered_total', 0):.0f} "
          f"{quantile(buckets, 0.5) * 1000:.2f} {quantile(buckets, 0.99) * 1000:.2f}")


if __name__ == "__main__":
    main()
