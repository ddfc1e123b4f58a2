"""Settings of Connect Instagram: the ``EVENTMEDIA["INSTAGRAM"]`` section, with its defaults.

The section is registered with eventmedia's settings when the app is ready, so it is read through
the same ``media_settings`` object (merged key by key, reloaded by ``override_settings``) and an
unknown key in it is reported by check ``eventmedia_instagram.E001``.
"""

from __future__ import annotations

from ...conf import SettingsSection, media_settings

SECTION = "INSTAGRAM"


def instagram_settings() -> SettingsSection:
    """``EVENTMEDIA["INSTAGRAM"]`` merged with ``DEFAULTS``, read by attribute (``.CLIENT_ID``)."""
    return getattr(media_settings, SECTION)
