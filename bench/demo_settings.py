"""The demo's settings for the benchmark through the API: the renditions every peer makes.

The peers of ``bench/run.py`` make large, thumbnail and icon; the site under test makes the same
three, so the comparison is like for like. What the default banner crop adds is measured apart.
"""

from project.settings import *  # noqa: F403
from project.settings import EVENTMEDIA

EVENTMEDIA = {
    **EVENTMEDIA,
    "RENDITIONS": {"event": {"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)}},
}
