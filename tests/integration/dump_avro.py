"""Reads Avro container files with python3-avro (an independent reader). As a script, prints every
record of every published file in a directory as one JSON array, for the browser tests of the tag
(js/test); the e2e harness reads records with read_records."""

import glob
import json
import os
import sys

from avro.datafile import DataFileReader
from avro.io import DatumReader


def read_records(paths):
    """Every record of the container files `paths`, in order."""
    records = []
    for path in paths:
        with open(path, "rb") as stream:
            reader = DataFileReader(stream, DatumReader())
            records.extend(reader)
            reader.close()
    return records


def main(directory):
    json.dump(read_records(sorted(glob.glob(os.path.join(directory, "*.avro")))), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
