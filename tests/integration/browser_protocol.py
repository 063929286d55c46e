"""The browser event protocol written independently of the collector, for end-to-end tests:
base 36 (protocol.md §4.3), the checksum (§6, with its MurmurHash3) and mincode (§7)."""

import struct

# ---- protocol.md §4.3: base 36 ----

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(number):
    if number < 0:
        return "-" + base36(-number)
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if number == 0:
            return text


# ---- protocol.md §6: checksum ----

def murmur3_32(data, seed=0):
    """MurmurHash3 x86 32-bit, as a signed 32-bit integer."""
    c1, c2 = 0xcc9e2d51, 0x1b873593
    h = seed
    rounded = len(data) - len(data) % 4
    for (k,) in struct.iter_unpack("<I", data[:rounded]):
        k = (k * c1) & 0xffffffff
        k = ((k << 15) | (k >> 17)) & 0xffffffff
        k = (k * c2) & 0xffffffff
        h ^= k
        h = ((h << 13) | (h >> 19)) & 0xffffffff
        h = (h * 5 + 0xe6546b64) & 0xffffffff
    tail = data[rounded:]
    k = 0
    for index, byte in enumerate(tail):
        k |= byte << (8 * index)
    if tail:
        k = (k * c1) & 0xffffffff
        k = ((k << 15) | (k >> 17)) & 0xffffffff
        k = (k * c2) & 0xffffffff
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85ebca6b) & 0xffffffff
    h ^= h >> 13
    h = (h * 0xc2b2ae35) & 0xffffffff
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def utf16_key(name):
    return name.encode("utf-16-be")


def canonical_string(params):
    """`params`: (name, decoded value) pairs in request order, without `x`."""
    values = {}
    for name, value in params:
        values.setdefault(name, []).append(value)
    return "".join(name + "=" + "".join(value + "," for value in values[name]) + ";"
                   for name in sorted(values, key=utf16_key))


def checksum(params):
    return base36(murmur3_32(canonical_string(params).encode("utf-8")))


# ---- protocol.md §7: mincode ----

def mincode_escape(text):
    return text.replace("~", "~~").replace("!", "~!")


def mincode(value, name=None):
    """One mincode record for a JSON value (named when inside an object)."""
    label = "" if name is None else mincode_escape(name) + "!"
    if isinstance(value, dict):
        return "(" + label + "".join(mincode(v, k) for k, v in value.items()) + ")"
    if isinstance(value, list):
        return "a" + label + "".join(mincode(v) for v in value) + "."
    if value is None:
        return "n" + label
    if value is True:
        return "t" + label
    if value is False:
        return "f" + label
    if isinstance(value, int):
        return "d" + label + base36(value) + "!"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "n" + label
        return "j" + label + repr(value) + "!"
    if isinstance(value, str):
        return "s" + label + mincode_escape(value) + "!"
    raise TypeError(value)
