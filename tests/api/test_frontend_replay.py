"""open-event-frontend's own requests against the demo as it runs (tests/demo_site/frontend_replay.py).

The demo's event model is its own (``demo_project.Event``), fixed when Django starts: the replay runs
in a second pytest process with the demo's choices (tests.demo_site.settings), on the same database
server as this run.
"""

import importlib

from tests.subprocess_suite import run_suite

REPLAY = "tests/demo_site/frontend_replay.py"


def test_the_replay_runs_with_the_demos_own_choices():
    demo = importlib.import_module("project.settings")
    replayed = importlib.import_module("tests.demo_site.settings")
    assert replayed.EVENTMEDIA_EVENT_MODEL == demo.EVENTMEDIA_EVENT_MODEL
    for key in ("EVENT_SERIALIZER", "EVENT_CREATE_PERMISSION"):
        assert replayed.EVENTMEDIA[key] == demo.EVENTMEDIA[key], key
    assert replayed.SIMPLE_JWT == demo.SIMPLE_JWT


def test_the_frontends_requests_get_what_it_reads(tmp_path):
    counts = run_suite("tests.demo_site.settings", REPLAY, tmp_path / "report.xml")
    assert counts == {"tests": 7, "failures": 0, "errors": 0, "skipped": 0}
