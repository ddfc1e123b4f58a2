"""The one exception the pipeline raises, carrying a stable error code.

Codes are part of the public contract (docs/errors.md): front-ends switch on them. The English
``detail`` is for logs and developers; the HTTP layer maps each code to a translatable message.
"""

from __future__ import annotations

INVALID_DATA_URI = "invalid_data_uri"
INVALID_BASE64 = "invalid_base64"
EMPTY_FILE = "empty_file"
FILE_TOO_LARGE = "file_too_large"
UNSUPPORTED_FORMAT = "unsupported_format"
CORRUPT_IMAGE = "corrupt_image"
TOO_MANY_PIXELS = "too_many_pixels"
TOO_MANY_FRAMES = "too_many_frames"
ANIMATION_NOT_ALLOWED = "animation_not_allowed"

CODES = (
    INVALID_DATA_URI,
    INVALID_BASE64,
    EMPTY_FILE,
    FILE_TOO_LARGE,
    UNSUPPORTED_FORMAT,
    CORRUPT_IMAGE,
    TOO_MANY_PIXELS,
    TOO_MANY_FRAMES,
    ANIMATION_NOT_ALLOWED,
)


class MediaError(ValueError):
    """Input that must be refused. ``code`` is one of ``CODES``; ``params`` fill the message."""

    def __init__(self, code: str, detail: str = "", **params: object):
        if code not in CODES:
            raise ValueError(f"unknown media error code {code!r}")
        self.code = code
        self.detail = detail or code
        self.params = params
        super().__init__(f"{code}: {self.detail}")
