"""The one place eventmedia reads its settings.

Sites configure eventmedia with a single ``EVENTMEDIA`` dict in their Django settings. Everything else in
the app reads ``media_settings.<KEY>``; nothing else calls ``getattr(settings, ...)``. Missing keys take
the defaults below, nested dicts (``RENDITIONS``, and the sections add-on apps register, such as
``INSTAGRAM``) are merged key by key, and the cached values are dropped whenever a test changes
``EVENTMEDIA`` with ``override_settings`` (the same pattern as DRF's ``api_settings``). Unknown keys
and bad values are reported by the system checks in ``eventmedia.checks``, not here, so a typo never
stops the process from importing.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

SETTINGS_NAME = "EVENTMEDIA"

DEFAULTS: dict[str, Any] = {
    # Decoded bytes of one uploaded image (a 48 MP phone photo is 12-20 MB); the cap on the base64
    # text and the request body follow from it.
    "MAX_UPLOAD_BYTES": 25 * 1024 * 1024,
    # Decoded bytes of one uploaded document (slides are often bigger than images).
    "MAX_DOCUMENT_BYTES": 20 * 1024 * 1024,
    # width x height x frames, checked from the header before any pixel is decoded.
    "MAX_PIXELS": 50_000_000,
    # Frames of one animated GIF, PNG or WebP, however small each one is.
    "MAX_FRAMES": 1000,
    # Largest embedded colour profile copied into stored files; a larger valid one is converted to sRGB.
    "MAX_ICC_BYTES": 128 * 1024,
    # AVIF needs a Pillow with libavif (PyPI wheels have it); HEIF needs the eventmedia[heif] extra.
    "ALLOWED_IMAGE_FORMATS": ["JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF"],
    "ALLOWED_DOCUMENT_FORMATS": ["PDF", "PPTX", "ODP"],
    "JPEG_QUALITY": 85,
    "WEBP_QUALITY": 80,
    # Progressive and optimized JPEGs are ~10 % smaller but cost 2.5-6x the encode time.
    "JPEG_PROGRESSIVE": False,
    "JPEG_OPTIMIZE": False,
    # Output format for images with real transparency: "PNG" or "WEBP".
    "TRANSPARENT_FORMAT": "PNG",
    # Animated GIF/WebP/PNG: "keep" (animation kept, within MAX_PIXELS) or "refuse".
    "ANIMATED_IMAGES": "keep",
    # An upper bound on stored originals: larger ones are scaled down (and so re-encoded), by a power
    # of two where a JPEG's decoder can do it, so an original may end up to half the box.
    "MAX_ORIGINAL_SIZE": (8192, 8192),
    # JPEGs saved far above JPEG_QUALITY are re-encoded up to this many pixels; larger ones are kept as
    # sent (minus metadata): a full decode of a 48 MP photo alone needs 190 MB.
    "MAX_REENCODE_PIXELS": 16_000_000,
    # Uploads one process works on at once; past it, 503 server_busy with Retry-After (None: no bound).
    "MAX_CONCURRENT_UPLOADS": None,
    # A PDF slide's preview is rendered in a child process with these limits, or skipped.
    "PREVIEW_TIMEOUT": 30,
    "PREVIEW_MAX_MEMORY": 1024 * 1024 * 1024,
    # Accept plain base64 without the "data:<type>;base64," prefix in the API fields.
    "ALLOW_BARE_BASE64": False,
    "RENDITIONS": {
        "event": {"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)},
        "avatar": {"thumbnail": (500, None), "small": (50, None), "icon": (35, None)},
    },
    # A key of Django's STORAGES setting.
    "STORAGE": "default",
    # Folder inside the storage under which every eventmedia file is written.
    "UPLOAD_PREFIX": "eventmedia",
    "EVENT_MODEL": "eventmedia.Event",
    # Dotted path of the serializer /v1/events/ uses instead of the default (name, dates, owner,
    # background, logo), and of the DRF permission for creating events there. None: any signed-in
    # user with eventmedia's own Event model, staff only with a site's own model.
    "EVENT_SERIALIZER": None,
    "EVENT_CREATE_PERMISSION": None,
}

# Keys whose dict values are merged with the defaults instead of replacing them.
# (RENDITIONS by group: a site that redefines "event" keeps the default "avatar" group.) Sections
# that add-on apps register (``eventmedia.extensions.register_settings``) are merged the same way.
MERGED_KEYS = ("RENDITIONS",)


class MediaSettings:
    """Attribute access to ``settings.EVENTMEDIA`` with defaults filled in."""

    def __init__(self, defaults: dict[str, Any] | None = None):
        self._defaults = defaults or DEFAULTS
        self._cached: dict[str, Any] | None = None

    @property
    def user_settings(self) -> dict[str, Any]:
        value = getattr(settings, SETTINGS_NAME, None)
        return value if isinstance(value, dict) else {}

    def as_dict(self) -> dict[str, Any]:
        if self._cached is None:
            from .extensions import settings_sections

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
        return values[name]

    @property
    def max_request_bytes(self) -> int:
        """The largest JSON body that can carry a MAX_UPLOAD_BYTES image as base64, plus room."""
        return encoded_length(max(self.MAX_UPLOAD_BYTES, self.MAX_DOCUMENT_BYTES)) + 64 * 1024

    def reload(self) -> None:
        self._cached = None


def encoded_length(decoded_bytes: int) -> int:
    """Length of the base64 text for ``decoded_bytes`` bytes, padding included."""
    return 4 * ((decoded_bytes + 2) // 3)


media_settings = MediaSettings()


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == SETTINGS_NAME:
        media_settings.reload()


setting_changed.connect(_reload)
