"""EVENTMEDIA["EVENT_MODEL"] pointing at a site's own model: migrations and media endpoints still work.

A swapped model is fixed when Django starts, so this runs a second pytest process with the settings
of such a site (tests/swapped).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_media_endpoints_with_a_swapped_event_model():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--ds=tests.swapped.settings",
         "tests/swapped/swapped_api_checks.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout
