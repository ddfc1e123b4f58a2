"""Test settings of a site whose events are ``swapped.Conference``."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.swapped"]  # noqa: F405
EVENTMEDIA_EVENT_MODEL = "swapped.Conference"

# Its own test database: on PostgreSQL the outer test run is using test_<name> at the same time.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = "test_eventmedia_swapped"  # noqa: F405
