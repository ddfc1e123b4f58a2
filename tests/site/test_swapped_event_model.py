"""EVENTMEDIA_EVENT_MODEL pointing at a site's own model: migrations and media endpoints still work.

A swapped model is fixed when Django starts, so this runs a second pytest process with the settings
of such a site (tests/swapped).
"""

import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from tests.paths import ROOT

pytestmark = pytest.mark.slow


def test_media_endpoints_with_a_swapped_event_model(tmp_path):
    report = tmp_path / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--ds=tests.swapped.settings",
         f"--junitxml={report}", "tests/swapped/swapped_api_checks.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    suite = ElementTree.parse(report).getroot().find("testsuite")
    counts = {name: int(suite.get(name)) for name in ("tests", "failures", "errors", "skipped")}
    assert counts == {"tests": 3, "failures": 0, "errors": 0, "skipped": 0}
