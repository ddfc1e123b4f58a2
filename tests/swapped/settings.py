"""Test settings of a site whose events are ``swapped.Conference``."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.swapped"]  # noqa: F405
EVENTMEDIA = {**EVENTMEDIA, "EVENT_MODEL": "swapped.Conference"}  # noqa: F405
