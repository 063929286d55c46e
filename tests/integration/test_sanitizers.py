"""The sanitizer build itself (registered only in sanitizer builds, cmake/Sanitizers.cmake): a
program with one deliberate bug per kind (tests/testutil/sanitizer_canary.cc), run with the
environment every test gets, must fail with the sanitizer's report, and the harness must
recognise that report. Without this a build that lost its instrumentation, or options that let a
report pass, would leave every other suite green."""

import os
import subprocess

import pytest

from harness import SANITIZER, check_sanitizer_report, sanitizer_report

CANARY = os.environ.get("DIVOLTE_SANITIZER_CANARY_BIN", "")

pytestmark = pytest.mark.skipif(not SANITIZER or not CANARY,
                                reason="sanitizer builds only (DIVOLTE_SANITIZER)")

# kind -> the line of the report, per sanitizer; None: the bug goes unnoticed by that sanitizer.
EXPECTED = {
    "address": {
        "heap-overflow": "ERROR: AddressSanitizer: heap-buffer-overflow",
        "use-after-free": "ERROR: AddressSanitizer: heap-use-after-free",
        "leak": "ERROR: LeakSanitizer: detected memory leaks",
        "undefined": "runtime error: signed integer overflow",
        "race": None,
    },
    "thread": {
        "race": "WARNING: ThreadSanitizer: data race",
    },
}


def run_canary(kind):
    result = subprocess.run([CANARY, kind], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


def test_a_clean_run_has_no_report():
    status, output = run_canary("none")
    assert status == 0, output
    assert "survived" in output
    assert sanitizer_report(output) is None
    check_sanitizer_report(output)


@pytest.mark.parametrize("kind", sorted(EXPECTED.get(SANITIZER, {})))
def test_every_kind_of_bug_fails_the_process_and_is_recognised(kind):
    expected = EXPECTED[SANITIZER][kind]
    status, output = run_canary(kind)
    if expected is None:
        assert status == 0, output
        assert sanitizer_report(output) is None, output
        return
    assert status != 0, output
    assert expected in output, output
    report = sanitizer_report(output)
    assert report is not None and expected in report, output
    with pytest.raises(AssertionError, match="sanitizer report"):
        check_sanitizer_report(output)
