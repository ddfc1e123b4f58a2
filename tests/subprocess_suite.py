"""A test module run in a second pytest process with other settings (a swapped event model is fixed
when Django starts); what its JUnit report counted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from tests.paths import ROOT


def run_suite(settings_module: str, path: str, report: Path) -> dict[str, int]:
    """Run ``path`` under ``settings_module``; its tests, failures, errors and skips. A failing run
    fails the caller with the run's output."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--ds={settings_module}",
         f"--junitxml={report}", path],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    suite = ElementTree.parse(report).getroot().find("testsuite")
    return {name: int(suite.get(name)) for name in ("tests", "failures", "errors", "skipped")}
