#!/usr/bin/env python3
"""Prints the realistic beacon query used by the benchmarks: the parameters a browser sends for
a page view (protocol.md §5.2), about 330 bytes, with a valid checksum computed here
independently of the collector (MurmurHash3 x86 32 of the canonical string, protocol.md §6)."""

import sys
from urllib.parse import quote


def murmur3_x86_32(data: bytes, seed: int = 0) -> int:
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h = seed
    rounded = len(data) - len(data) % 4
    for i in range(0, rounded, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xE6546B64) & mask
    k = 0
    tail = data[rounded:]
    for i, byte in enumerate(tail):
        k |= byte << (8 * i)
    if tail:
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign, n = ("-", -n) if n < 0 else ("", n)
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return sign + out


def checksum(params: list) -> str:
    names = sorted({name for name, _ in params}, key=lambda s: s.encode("utf-16-be"))
    canonical = "".join(
        name + "=" + "".join(v + "," for n, v in params if n == name) + ";" for name in names)
    return base36(murmur3_x86_32(canonical.encode("utf-8")))


def query() -> str:
    params = [
        ("p", "0:lb7k2xqe:Wn3pQ8vYk2ZtR5mH9cLd1sFa7GjB4eXu"),
        ("s", "0:lb7k2xqf:Hq6Tz1Nw8Kc3Vb5Mx2Ry9Lp4Sd7Gf0Ja"),
        ("v", "0:Pc4Lx8Wq2Zn6Tb1Ym5Rv9Kd3Hs7Fg0Je"),
        ("e", "0:Pc4Lx8Wq2Zn6Tb1Ym5Rv9Kd3Hs7Fg0Je0"),
        ("c", "lb7k2xqg"), ("n", "f"), ("f", "f"),
        ("l", "https://shop.example.com/garden/chairs?page=2"),
        ("r", "https://www.google.com/"),
        ("i", "1ak"), ("j", "sj"), ("k", "2"), ("w", "uq"), ("h", "qd"), ("t", "pageView"),
    ]
    params.append(("x", checksum(params)))
    return "&".join(f"{n}={quote(v, safe='~')}" for n, v in params)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--selftest":
        # protocol.md §6 vector 1.
        vector = [("p", "0:i1t84hgy:5AF359Zjq5kUy98u4wQjlIZzWGhN~GlG"),
                  ("s", "0:i1t84hgy:95CbiPCYln_1e0a6rFvuRkDkeNnc6KC8"),
                  ("v", "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF"),
                  ("e", "0:1fF6GFGjDOQiEx_OxnTm_tl4BH91eGLF0"), ("c", "i1t8q2b6"), ("n", "f"),
                  ("f", "f"), ("l", "http://localhost:8290/"), ("i", "1ak"), ("j", "sj"),
                  ("k", "2"), ("w", "uq"), ("h", "qd"), ("t", "pageView")]
        assert checksum(vector) == "si9804", checksum(vector)
        print("ok")
    else:
        print(query())
