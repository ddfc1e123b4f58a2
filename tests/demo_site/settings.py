"""Test settings of the demo as it runs: its own event model (``demo_project.Event``), its event
serializer and who may create events, taken from ``project.settings``' choices (held equal by
``tests/api/test_frontend_replay.py``)."""

from tests.settings import *  # noqa: F403

EVENTMEDIA_EVENT_MODEL = "demo_project.Event"
EVENTMEDIA = {
    **EVENTMEDIA,  # noqa: F405
    "EVENT_SERIALIZER": "project.serializers.EventSerializer",
    "EVENT_CREATE_PERMISSION": "rest_framework.permissions.IsAuthenticated",
}

# Its own test database: on PostgreSQL the outer test run is using test_<name> at the same time.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = "test_eventmedia_demo"  # noqa: F405
