#!/usr/bin/env python3
"""Writes the request mix of the soak benchmark, one request per line as
`<method>\t<path>\t<body>\t<header>` (tab-separated; empty fields allowed), for bench/soak_mix.lua.

The mix models a site: parties of several page views, each view a pageView beacon and a few
custom events with mincode parameters (valid checksums, computed here independently of the
collector), about one party in ten re-sending a beacon (a duplicate), an app posting JSON events,
browsers fetching the tag (half of them revalidating with an ETag) and a load balancer's /ping.
Usage: soak_mix.py COUNT > mix.tsv"""

import json
import random
import sys
from urllib.parse import quote

from make_request import base36, checksum

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~_"
PAGES = ["/", "/garden/chairs?page=2", "/garden/tables", "/cart", "/checkout", "/search?q=lamp"]


def identifier(rng, timestamp, length=32):
    return f"0:{base36(timestamp)}:" + "".join(rng.choice(ALPHABET) for _ in range(length))


def beacon(party, session, view, event, event_type, first, rng, custom=None):
    params = [("p", party), ("s", session), ("v", view), ("e", event),
              ("c", base36(1700000000000 + rng.randrange(10 ** 6))),
              ("n", "f"), ("f", "t" if first else "f"),
              ("l", "https://shop.example.com" + rng.choice(PAGES)),
              ("r", "https://www.google.com/"), ("i", "1ak"), ("j", "sj"), ("k", "2"),
              ("w", "uq"), ("h", "qd"), ("t", event_type)]
    if custom:
        params.append(("u", custom))
    params.append(("x", checksum(params)))
    return "/csc-event?" + "&".join(f"{n}={quote(v, safe='~')}" for n, v in params)


def main():
    count = int(sys.argv[1])
    rng = random.Random(42)
    lines = []
    while len(lines) < count:
        now = 1700000000 + len(lines)
        party, session = identifier(rng, now), identifier(rng, now)
        for view_number in range(rng.randint(1, 6)):
            view = identifier(rng, now)
            lines.append(("GET", beacon(party, session, view, view + "0", "pageView",
                                        view_number == 0, rng), "", ""))
            for n in range(rng.randint(0, 3)):
                # Mincode (protocol.md §7) of {target: 'buy-<n>', position: <n>}.
                custom = f"(starget!buy-{n}!dposition!{base36(n)}!)"
                lines.append(("GET", beacon(party, session, view, f"{view}{n + 1}", "click",
                                            False, rng, custom), "", ""))
            if rng.random() < 0.1:
                lines.append(lines[-1])  # a re-sent beacon: detected as a duplicate
        if rng.random() < 0.3:
            body = json.dumps({"session_id": session, "event_id": identifier(rng, now),
                               "is_new_party": False, "is_new_session": False,
                               "client_timestamp_iso": "2026-11-21T10:00:00.000+01:00",
                               "event_type": "appOpen", "parameters": {"screen": "home"}})
            lines.append(("POST", "/json?p=" + quote(party, safe="~"), body,
                          "Content-Type: application/json"))
        if rng.random() < 0.2:
            lines.append(("GET", "/divolte.js", "", ""))
        if rng.random() < 0.02:
            lines.append(("GET", "/ping", "", ""))
    for method, path, body, header in lines[:count]:
        print(f"{method}\t{path}\t{body}\t{header}")


if __name__ == "__main__":
    main()
