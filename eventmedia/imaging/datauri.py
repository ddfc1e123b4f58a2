"""Strict parsing of ``data:`` URIs and base64 text.

The encoded length is checked before a byte is decoded, so an oversized body costs nothing. Decoding
is strict: characters outside the base64 alphabet and anything after the padding are errors, not
silently dropped as ``base64.b64decode`` does by default. ASCII whitespace (line breaks from ``base64``
tools, hand-written JSON) is removed first. pybase64 with ``validate=True`` decodes 4 MB in well under
a millisecond, about 30x faster than the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pybase64

from .errors import EMPTY_FILE, FILE_TOO_LARGE, INVALID_BASE64, INVALID_DATA_URI, MediaError

# RFC 2397: data:[<mediatype>][;param=value]*;base64,<data>. The media type is only a hint.
_DATA_URI = re.compile(
    r"data:(?P<type>[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+)?(?P<params>(?:;[a-z0-9!#$&^_.+-]+=[^;,]*)*)"
    r";base64,",
    re.IGNORECASE,
)
_WHITESPACE = b" \t\n\r\f\v"
# Whitespace allowed on top of the exact encoded length (a line break every 76 characters is 1.3 %).
_WHITESPACE_SLACK = 0.05


@dataclass(frozen=True)
class DecodedData:
    content: bytes
    declared_type: str  # "" when the URI names none; never trusted, only a hint


def encoded_limit(max_bytes: int) -> int:
    """The length of the base64 text of ``max_bytes`` bytes (padding included)."""
    return 4 * ((max_bytes + 2) // 3)


def parse_data_uri(value: str, *, max_bytes: int, allow_bare: bool = False) -> DecodedData:
    """Decode ``data:<type>;base64,<payload>`` (or bare base64 when ``allow_bare``)."""
    if not isinstance(value, str):
        raise MediaError(INVALID_DATA_URI, "expected a string")
    text = value.strip()
    if not text:
        raise MediaError(EMPTY_FILE, "empty string")
    header_end = 0
    declared = ""
    if text[:5].lower() == "data:":
        match = _DATA_URI.match(text, 0, min(len(text), 1024))
        if match is None:
            raise MediaError(INVALID_DATA_URI, "not a base64 data URI")
        header_end = match.end()
        declared = (match.group("type") or "").lower()
    elif not allow_bare:
        raise MediaError(INVALID_DATA_URI, "missing data: prefix")
    return DecodedData(decode_base64(text, max_bytes=max_bytes, start=header_end), declared)


def decode_base64(text: str, *, max_bytes: int, start: int = 0) -> bytes:
    """Strictly decode ``text[start:]``, refusing more than ``max_bytes`` before decoding."""
    limit = encoded_limit(max_bytes)
    if len(text) - start > limit * (1 + _WHITESPACE_SLACK) + 16:
        raise MediaError(FILE_TOO_LARGE, "encoded data over the limit", limit=max_bytes)
    try:
        # Encode once and slice a view: slicing the 4 MB string first would copy it once more.
        raw = memoryview(text.encode("ascii"))[start:]
    except UnicodeEncodeError:
        raise MediaError(INVALID_BASE64, "non-ASCII character in base64 data") from None
    content = _decode_clean(raw, limit) if raw and len(raw) % 4 == 0 else None
    if content is None:
        content = _decode_with_whitespace(raw, limit, max_bytes)
    if not content:
        raise MediaError(EMPTY_FILE, "decoded to nothing")
    if len(content) > max_bytes:
        raise MediaError(FILE_TOO_LARGE, "decoded data over the limit", limit=max_bytes)
    return content


def _decode_clean(raw: memoryview, limit: int) -> bytes | None:
    """The fast path: well-formed base64 without whitespace, decoded without copying it first."""
    if len(raw) > limit:
        return None  # let the slow path decide whether whitespace explains the length
    try:
        return pybase64.b64decode(raw, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        return None


def _decode_with_whitespace(view: memoryview, limit: int, max_bytes: int) -> bytes:
    raw = view.tobytes().translate(None, _WHITESPACE)
    if not raw:
        raise MediaError(EMPTY_FILE, "no data after the header")
    if len(raw) > limit:
        raise MediaError(FILE_TOO_LARGE, "encoded data over the limit", limit=max_bytes)
    missing = -len(raw) % 4
    if missing == 3:
        raise MediaError(INVALID_BASE64, "truncated base64 data")
    if missing and not raw.endswith(b"="):
        raw += b"=" * missing  # unpadded base64 is common from JavaScript encoders
    try:
        return pybase64.b64decode(raw, validate=True)
    except ValueError:
        raise MediaError(INVALID_BASE64, "invalid base64 data") from None
