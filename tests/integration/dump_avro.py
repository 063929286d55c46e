"""Prints every record of every published Avro file in a directory as one JSON array, read with
python3-avro (an independent reader). Used by the browser tests of the tag (js/test)."""

import glob
import json
import os
import sys

from avro.datafile import DataFileReader
from avro.io import DatumReader


def main(directory):
    records = []
    for path in sorted(glob.glob(os.path.join(directory, "*.avro"))):
        with open(path, "rb") as stream:
            reader = DataFileReader(stream, DatumReader())
            records.extend(reader)
            reader.close()
    json.dump(records, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
