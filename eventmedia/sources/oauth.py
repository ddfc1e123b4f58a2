"""OAuth round trips for sources that connect an account: single-use ``state`` values, safe ``next`` paths.

``OAuthStates(name).begin`` stores a fresh state with its ``next`` path and creation time in the
session; ``complete`` pops it (so a replayed callback finds nothing) and checks it in constant time
and within its lifetime. A few round trips may be open at once (several tabs); older ones drop.
"""

from __future__ import annotations

import hmac
import secrets
import time

from django.utils.http import url_has_allowed_host_and_scheme

MAX_PENDING = 5  # connect flows open at once in one session (several tabs)


def safe_next(request, value: str | None, default: str = "/") -> str:
    """``value`` if it is a local path on this site, else ``default``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None, require_https=request.is_secure()):
        return default
    return value


class OAuthStates:
    """The pending connect round trips of one source in a user's session."""

    def __init__(self, name: str):
        self.session_key = f"eventmedia_{name}_states"

    def begin(self, request, next_path: str) -> str:
        """Create and remember a single-use state for one connect round trip."""
        state = secrets.token_urlsafe(32)
        pending = dict(request.session.get(self.session_key, {}))
        pending[state] = {"next": next_path, "created": time.time()}
        newest = sorted(pending.items(), key=lambda item: item[1]["created"])[-MAX_PENDING:]
        request.session[self.session_key] = dict(newest)
        return state

    def complete(self, request, state: str | None, lifetime: float) -> str | None:
        """The ``next`` path of a valid, unexpired state, consumed; None when there is no such state."""
        pending = dict(request.session.get(self.session_key, {}))
        match = None
        for stored in list(pending):
            # Constant-time comparison against each pending state.
            if state and hmac.compare_digest(stored.encode(), state.encode()):
                match = pending.pop(stored)
        request.session[self.session_key] = pending
        if match is None or time.time() - match["created"] > lifetime:
            return None
        return match["next"]
