"""What Instagram answers, as typed values: tokens, the profile, media and pages, and its errors."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# -- Results -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShortLivedToken:
    access_token: str = field(repr=False)
    user_id: str
    permissions: tuple[str, ...] | None  # None: the answer did not say (Meta may leave it out)


@dataclass(frozen=True)
class LongLivedToken:
    access_token: str = field(repr=False)
    token_type: str
    expires_in: int  # seconds


@dataclass(frozen=True)
class Profile:
    user_id: str  # the Instagram professional account id
    username: str
    account_type: str
    app_scoped_id: str = ""


@dataclass(frozen=True)
class MediaItem:
    id: str
    media_type: str = ""  # IMAGE, VIDEO, CAROUSEL_ALBUM
    caption: str = ""
    media_url: str = ""
    thumbnail_url: str = ""
    permalink: str = ""
    timestamp: str = ""

    @property
    def image_url(self) -> str:
        """The URL of a still image of this item: a video's thumbnail, otherwise its media."""
        if self.media_type == "VIDEO":
            return self.thumbnail_url
        return self.media_url or self.thumbnail_url


@dataclass(frozen=True)
class MediaPage:
    items: list[MediaItem]
    next_cursor: str | None


# -- Errors ----------------------------------------------------------------------------------------


class InstagramError(Exception):
    """Instagram refused or failed. ``message`` is Instagram's text (never holds a token)."""

    def __init__(self, message: str, *, code: int | None = None, subcode: int | None = None,
                 status: int | None = None, trace_id: str = "", retry_after: int | None = None):  # fmt: skip
        super().__init__(message)
        self.retry_after = retry_after  # seconds Meta asks us to wait (throttling), when it said
        self.message = message
        self.code = code
        self.subcode = subcode
        self.status = status
        self.trace_id = trace_id


class TokenInvalid(InstagramError):
    """Code 190: expired, revoked or otherwise dead; the user must connect again."""


class FieldRefused(InstagramError):
    """Graph refused a field of the request (code 100, "nonexisting field (caption)")."""

    @property
    def field_name(self) -> str:
        """The field Graph named as refused, "" when its message names none."""
        found = re.search(r"field \((\w+)\)", self.message)
        return found.group(1) if found else ""


class PermissionMissing(TokenInvalid):
    """Codes 10 and 200-299: the token works but lacks a permission; connect again and grant it."""


class Throttled(InstagramError):
    """Codes 4, 17, 32, 613, 80002 (or HTTP 429): too many calls; back off for ``retry_after``
    seconds when Meta said how long (its usage headers), else a while."""


class TransientError(InstagramError):
    """Network trouble, 5xx, codes 1 and 2, after the retries were spent."""


class OAuthError(InstagramError):
    """The code exchange failed: used or expired code, redirect_uri mismatch, wrong app..."""


# -- Errors as Meta sends them ---------------------------------------------------------------------

TOKEN_DEAD_CODES = {190}
# The token lacks a permission (10, 200-299): only connecting again and granting it helps.
PERMISSION_CODES = {10, *range(200, 300)}
THROTTLE_CODES = {4, 17, 32, 613, 80002}
TRANSIENT_CODES = {1, 2}


def _int(value: object) -> int | None:
    """``value`` as an int, None for anything else (``1e999`` parses as infinity: no int has it)."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


# What Meta's usage headers may ask at most (a day): anything longer is an answer to distrust.
MAX_WAIT = 24 * 3600


def retry_after_of(headers) -> int | None:
    """Seconds to wait, from a throttled answer's headers: ``X-Business-Use-Case-Usage``'s
    ``estimated_time_to_regain_access`` (minutes, the longest of its entries), else ``Retry-After``
    (seconds); None when neither says (or says nothing usable)."""
    minutes = []
    try:
        usage = json.loads(headers.get("X-Business-Use-Case-Usage") or "{}")
    except ValueError:
        usage = {}
    for entries in usage.values() if isinstance(usage, dict) else ():
        for entry in entries if isinstance(entries, list) else ():
            wait = _int(entry.get("estimated_time_to_regain_access")) if isinstance(entry, dict) else None
            if wait is not None and wait > 0:
                minutes.append(wait)
    seconds = max(minutes) * 60 if minutes else _int(headers.get("Retry-After"))
    return min(seconds, MAX_WAIT) if seconds and seconds > 0 else None


def _error(status: int, body: dict, headers=None) -> InstagramError:
    if isinstance(body.get("error"), dict):  # Graph envelope
        error = body["error"]
        code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
        message = str(error.get("message") or "Instagram error")
        trace = str(error.get("fbtrace_id") or "")
    elif "error_type" in body or "error_message" in body:  # token endpoint
        code, subcode, trace = _int(body.get("code")), None, ""
        return OAuthError(
            str(body.get("error_message") or "Instagram refused the code"), code=code, status=status
        )
    else:
        code = subcode = None
        message, trace = f"Instagram answered HTTP {status}", ""
    kwargs = {"code": code, "subcode": subcode, "status": status, "trace_id": trace}
    if code in TOKEN_DEAD_CODES:
        return TokenInvalid(message, **kwargs)
    if code == 100 and "field" in message.lower():
        return FieldRefused(message, **kwargs)
    if code in PERMISSION_CODES:
        return PermissionMissing(message, **kwargs)
    if code in THROTTLE_CODES or status == 429:
        return Throttled(message, retry_after=retry_after_of(headers or {}), **kwargs)
    if code in TRANSIENT_CODES or status >= 500:
        return TransientError(message, **kwargs)
    return InstagramError(message, **kwargs)
