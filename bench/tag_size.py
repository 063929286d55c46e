#!/usr/bin/env python3
"""Tag size: starts the built collector with the default browser source and prints the sizes of
/divolte.js as served, plain and gzip, for the minified (default) and readable (debug) variants,
against the budget of tag.md §1 (minified <= 12 KiB, served gzip <= 4,500 bytes).
Usage: bench/tag_size.py (uses $DIVOLTE_BIN or build/release/src/divolte-collector)."""

import os
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from harness import Collector  # noqa: E402


def fetch(port, gzip):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/divolte.js")
    if gzip:
        request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request) as response:
        return response.read(), response.headers.get("Content-Encoding")


def measure(debug):
    source = "javascript.debug = true" if debug else ""
    collector = Collector(Collector.default_config(source_extra=source)).start()
    try:
        plain, _ = fetch(collector.port, gzip=False)
        compressed, encoding = fetch(collector.port, gzip=True)
        return len(plain), len(compressed) if encoding == "gzip" else None
    finally:
        collector.stop()


def main():
    minified, minified_gzip = measure(debug=False)
    readable, readable_gzip = measure(debug=True)
    print(f"minified: {minified} bytes, served gzip {minified_gzip} bytes "
          f"(budget 12288 / 4500: {'ok' if minified <= 12288 and minified_gzip <= 4500 else 'OVER'})")
    print(f"readable (javascript.debug): {readable} bytes, served gzip {readable_gzip} bytes")
    return 0 if minified <= 12288 and minified_gzip <= 4500 else 1


if __name__ == "__main__":
    sys.exit(main())
