"""OAuth helpers: single-use ``state`` values in the session, safe ``next`` paths, signed requests.

No models here. ``begin`` stores a fresh state with its ``next`` path and creation time; ``complete``
pops it (so a replayed callback finds nothing) and checks it in constant time and within its
lifetime. ``parse_signed_request`` verifies Meta's ``signed_request`` (HMAC-SHA256 over the payload
segment, with the app secret) before trusting a byte of it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "eventmedia_instagram_states"
MAX_PENDING = 5  # connect flows open at once in one session (several tabs)


class SignedRequestInvalid(ValueError):
    pass


def safe_next(request, value: str | None, default: str = "/") -> str:
    """``value`` if it is a local path on this site, else ``default``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None, require_https=request.is_secure()):
        return default
    return value


def begin(request, next_path: str) -> str:
    """Create and remember a single-use state for one connect round trip."""
    state = secrets.token_urlsafe(32)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[state] = {"next": next_path, "created": time.time()}
    newest = sorted(pending.items(), key=lambda item: item[1]["created"])[-MAX_PENDING:]
    request.session[SESSION_KEY] = dict(newest)
    return state


def complete(request, state: str | None, lifetime: float) -> str | None:
    """The ``next`` path of a valid, unexpired state, consumed; None when there is no such state."""
    pending = dict(request.session.get(SESSION_KEY, {}))
    match = None
    for stored in list(pending):
        # Constant-time comparison against each pending state.
        if state and hmac.compare_digest(stored.encode(), state.encode()):
            match = pending.pop(stored)
    request.session[SESSION_KEY] = pending
    if match is None or time.time() - match["created"] > lifetime:
        return None
    return match["next"]


def _b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def parse_signed_request(signed_request: str, secrets: str | list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Verify and decode ``<b64url signature>.<b64url JSON payload>``; raise on anything off.

    ``secrets`` are the app secrets Meta may sign with (the Instagram app's, and the Meta app's);
    each is compared in constant time.
    """
    keys = [secret for secret in ([secrets] if isinstance(secrets, str) else secrets) if secret]
    if not keys:
        raise SignedRequestInvalid("no app secret configured")
    try:
        encoded_signature, encoded_payload = signed_request.split(".", 1)
        signature = _b64url_decode(encoded_signature)
        expected = [hmac.new(key.encode(), encoded_payload.encode(), hashlib.sha256).digest() for key in keys]
    except (ValueError, AttributeError, TypeError):
        raise SignedRequestInvalid("malformed signed_request") from None
    matches = [hmac.compare_digest(signature, candidate) for candidate in expected]  # every one compared
    if not any(matches):
        raise SignedRequestInvalid("bad signature")
    try:
        payload = json.loads(_b64url_decode(encoded_payload))
    except (ValueError, UnicodeDecodeError):
        raise SignedRequestInvalid("payload is not JSON") from None
    if not isinstance(payload, dict) or str(payload.get("algorithm", "")).upper() != "HMAC-SHA256":
        raise SignedRequestInvalid("unexpected algorithm")
    if payload.get("user_id") in (None, ""):
        raise SignedRequestInvalid("no user_id")
    return payload
