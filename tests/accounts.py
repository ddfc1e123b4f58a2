"""Instagram accounts for tests: connected to the stand-in directly, or through the real OAuth dance.

``connect`` stores an account without the dance; ``start``, ``press`` and ``callback_path`` walk it
(our connect view, the stand-in's consent page over real sockets, our callback); ``signed`` makes
the ``signed_request`` of Meta's callbacks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta

import requests
from django.urls import reverse
from django.utils import timezone

from eventmedia.contrib.instagram.models import InstagramAccount


def connect(user, standin, *, issued_at: datetime | None = None, lifetime_days: int = 60) -> InstagramAccount:
    """Store an account for ``user`` holding a fresh stand-in token issued at ``issued_at`` (now)."""
    issued = issued_at or timezone.now()
    account = InstagramAccount(
        user=user,
        instagram_user_id=str(standin.user_id),
        username=standin.username,
        token_issued_at=issued,
        token_expires_at=issued + timedelta(days=lifetime_days),
    )
    account.token = standin.issue_token(age=(timezone.now() - issued).total_seconds())
    account.save()
    return account


def press(instagram, authorize_url: str, decision: str = "allow") -> str:
    """Be the user on Instagram's page: open it, press Allow or Cancel; return where it sends us."""
    page = requests.get(authorize_url, timeout=5)
    assert page.status_code == 200, page.text
    link = "allow" if decision == "allow" else "deny"
    href = page.text.split(f'id="{link}" href="')[1].split('"')[0].replace("&amp;", "&")
    back = requests.get(instagram.url + href, allow_redirects=False, timeout=5)
    return back.headers["Location"]


def callback_path(location: str) -> str:
    return location.replace("http://testserver", "").split("#")[0]


def start(organizer, next_path="/events/1/") -> str:
    response = organizer.get(reverse("eventmedia-instagram:connect"), {"next": next_path})
    assert response.status_code == 302
    return response["Location"]


def signed(instagram, user_id) -> dict:
    payload = {"algorithm": "HMAC-SHA256", "issued_at": int(time.time()), "user_id": str(user_id)}
    return {"signed_request": sign_request(payload, instagram.client_secret)}


def sign_request(payload: dict, secret: str) -> str:
    """A ``signed_request`` as Meta makes it (written here from Meta's description, not our verifier):
    base64url of the JSON payload, signed with HMAC-SHA256 of that encoded text, padding dropped."""
    encoded = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    signature = hmac.new(secret.encode(), encoded.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(signature).rstrip(b"=").decode() + "." + encoded
