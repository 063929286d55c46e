"""The deployment tests reuse the end-to-end helpers of tests/integration (harness.py: the real
binary, wait_until, parse_metrics; browser_protocol.py: checksums)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
