"""The one place eventmedia reads its settings.

Sites configure eventmedia with a single ``EVENTMEDIA`` dict in their Django settings. Everything else
reads ``media_settings.<KEY>``; nothing else calls ``getattr(settings, ...)``. What this module does:

- a missing key takes its default from ``eventmedia.defaults``;
- ``RENDITIONS`` is merged by group (a site that redefines ``"event"`` keeps the default ``"avatar"``);
- a section an add-on app registered (``register_section``, through
  ``eventmedia.extensions.register_settings``, such as ``INSTAGRAM``) is merged key by key and read by
  attribute: ``media_settings.INSTAGRAM.CLIENT_ID``;
- the merged values are cached, and dropped when ``EVENTMEDIA`` changes (``override_settings``),
  the same pattern as DRF's ``api_settings``.

Nothing is checked here, so a typo never stops a process from importing: unknown keys and bad
values are reported by the system checks (``eventmedia.checks`` and the add-ons' own).
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

from .defaults import DEFAULTS

SETTINGS_NAME = "EVENTMEDIA"


# Keys whose dict values are merged with the defaults instead of replacing them.
# (RENDITIONS by group: a site that redefines "event" keeps the default "avatar" group.) Sections
# that add-on apps register (``register_section``) are merged the same way.
MERGED_KEYS = ("RENDITIONS",)

# Sections of EVENTMEDIA that add-on apps registered, with their defaults.
_sections: dict[str, dict[str, Any]] = {}


class MediaSettings:
    """Attribute access to ``settings.EVENTMEDIA`` with defaults filled in."""

    def __init__(self, defaults: dict[str, Any] | None = None):
        self._defaults = defaults or DEFAULTS
        self._cached: dict[str, Any] | None = None

    @property
    def user_settings(self) -> dict[str, Any]:
        """The site's ``EVENTMEDIA`` dict as written ({} when absent or not a dict)."""
        value = getattr(settings, SETTINGS_NAME, None)
        return value if isinstance(value, dict) else {}

    def as_dict(self) -> dict[str, Any]:
        """Every setting, the site's merged over the defaults (cached until ``EVENTMEDIA`` changes)."""
        if self._cached is None:
            sections = settings_sections()
            merged = copy.deepcopy({**self._defaults, **sections})
            for key, value in self.user_settings.items():
                if (key in MERGED_KEYS or key in sections) and isinstance(value, dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
            self._cached = merged
        return self._cached

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        values = self.as_dict()
        if name not in values:
            raise AttributeError(f"Unknown eventmedia setting {name!r}")
        if name in _sections:
            return SettingsSection(name, values[name])
        return values[name]

    @property
    def max_request_bytes(self) -> int:
        """The largest JSON body that can carry a MAX_UPLOAD_BYTES image as base64, plus room."""
        return encoded_length(max(self.MAX_UPLOAD_BYTES, self.MAX_DOCUMENT_BYTES)) + 64 * 1024

    def reload(self) -> None:
        """Drop the cached values (``EVENTMEDIA`` changed)."""
        self._cached = None


class SettingsSection:
    """A merged section of ``EVENTMEDIA`` registered by an add-on, read by attribute."""

    def __init__(self, name: str, values: dict[str, Any]):
        self._name = name
        self._values = values

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"Unknown eventmedia setting {self._name}[{key!r}]") from None

    def __repr__(self) -> str:
        return f"<SettingsSection {self._name}>"  # never the values: they hold secrets


def register_section(name: str, defaults: dict[str, Any]) -> None:
    """Add the ``EVENTMEDIA[name]`` section with its defaults (merged key by key with the site's)."""
    _sections[name] = defaults
    media_settings.reload()


def settings_sections() -> dict[str, dict[str, Any]]:
    """The registered sections of ``EVENTMEDIA`` with their defaults."""
    return dict(_sections)


def encoded_length(decoded_bytes: int) -> int:
    """Length of the base64 text for ``decoded_bytes`` bytes, padding included."""
    return 4 * ((decoded_bytes + 2) // 3)


media_settings = MediaSettings()


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == SETTINGS_NAME:
        media_settings.reload()


setting_changed.connect(_reload)
