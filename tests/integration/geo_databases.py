"""MaxMind databases for the e2e tests, built at test time by tests/testutil/make_test_mmdb.pl
(Debian's libmaxmind-db-writer-perl); none is committed."""

import json
import os
import subprocess

SOURCE_DIR = os.environ.get("DIVOLTE_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
MAKE_MMDB = os.path.join(SOURCE_DIR, "tests", "testutil", "make_test_mmdb.pl")


def make_database(path, records, database_type="GeoIP2-City"):
    """Writes an IPv6-tree MaxMind DB at `path` with `records` [(network, data)]."""
    path = str(path)
    spec = path + ".json"
    with open(spec, "w") as out:
        json.dump({"database_type": database_type, "ip_version": 6,
                   "records": [{"network": n, "data": d} for n, d in records]}, out)
    subprocess.run(["perl", MAKE_MMDB, spec, path], check=True)
    os.remove(spec)
