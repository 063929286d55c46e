"""Independent read-back of Avro container files for the C++ tests.

Run with Debian's /usr/bin/python3 (python3-avro, python3-snappy). For each file given on the
command line, prints one JSON line: {"path", "codec", "schema", "records": [...]}. Bytes values
are written as ISO-8859-1 strings. Exits non-zero if any file cannot be read.
"""

import json
import sys

from avro.datafile import DataFileReader
from avro.io import DatumReader


def to_json(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    raise TypeError(f"unexpected {type(value)}")


def read(path):
    with open(path, "rb") as stream:
        reader = DataFileReader(stream, DatumReader())
        records = list(reader)
        codec = reader.get_meta("avro.codec")
        schema = reader.get_meta("avro.schema")
        return {
            "path": path,
            "codec": codec.decode() if codec is not None else None,
            "schema": schema.decode(),
            "records": records,
        }


def main():
    for path in sys.argv[1:]:
        print(json.dumps(read(path), default=to_json))


if __name__ == "__main__":
    main()
