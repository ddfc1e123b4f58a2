"""OAuth for Instagram: the connect round trip's states (``eventmedia.sources.oauth``), and Meta's
signed requests. ``parse_signed_request`` verifies a ``signed_request`` (HMAC-SHA256 over the payload
segment, with the app secret) before trusting a byte of it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from ...sources.oauth import OAuthStates, safe_next  # noqa: F401 - safe_next: the views use it from here
from .models import SOURCE

# The connect round trips (the core's, shared by every source that connects an account).
states = OAuthStates(SOURCE)
SESSION_KEY = states.session_key
begin, complete = states.begin, states.complete


class SignedRequestInvalid(ValueError):
    pass


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
