"""EVENTMEDIA_EVENT_MODEL pointing at a site's own model: migrations and media endpoints still work.

A swapped model is fixed when Django starts, so this runs a second pytest process with the settings
of such a site (tests/swapped).
"""

import pytest

from tests.subprocess_suite import run_suite

pytestmark = pytest.mark.slow


def test_media_endpoints_with_a_swapped_event_model(tmp_path):
    counts = run_suite(
        "tests.swapped.settings", "tests/swapped/swapped_api_checks.py", tmp_path / "report.xml"
    )
    assert counts == {"tests": 3, "failures": 0, "errors": 0, "skipped": 0}
