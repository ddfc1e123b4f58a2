"""Connect Instagram's default settings (``EVENTMEDIA["INSTAGRAM"]``), written once.

Plain data, no Django: ``conf`` registers them as the section's defaults, and the pure download
code takes its own defaults from here.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    "CLIENT_ID": "",
    "CLIENT_SECRET": "",
    # Meta may sign deauthorize and data-deletion callbacks with the Meta app's secret instead of
    # the Instagram app's: set it too and both are accepted.
    "META_APP_SECRET": "",
    "REDIRECT_URI": "",
    "SCOPES": ["instagram_business_basic"],
    "AUTHORIZE_URL": "https://www.instagram.com/oauth/authorize",
    "TOKEN_URL": "https://api.instagram.com/oauth/access_token",
    "GRAPH_URL": "https://graph.instagram.com",
    "GRAPH_VERSION": "v25.0",
    "MEDIA_HOSTS": [".cdninstagram.com", ".fbcdn.net"],
    "MEDIA_REQUIRE_HTTPS": True,
    # Media hosts must connect to public addresses on 443; networks listed here are reached too,
    # on any port (a local stand-in's "127.0.0.0/8"). Empty: none.
    "MEDIA_PRIVATE_NETWORKS": [],
    "MEDIA_MAX_BYTES": 15 * 1024 * 1024,
    "TIMEOUT": 10,
    # Seconds one media download may take in all (socket timeouts alone allow a slow drip).
    "MEDIA_DEADLINE": 30,
    # Secret the token encryption key is derived from; "" uses SECRET_KEY (and its fallbacks).
    "TOKEN_KEY": "",
    # Refresh long-lived tokens (at least 24 h old) that expire within this many days.
    "REFRESH_WITHIN_DAYS": 10,
    # Seconds a Connect Instagram round trip may take before its state expires.
    "STATE_LIFETIME": 600,
    # Retries of transient Graph errors, and the first backoff in seconds (doubling).
    "RETRIES": 3,
    "BACKOFF": 0.5,
    # Seconds a page of a user's recent posts is kept in Django's cache (0: not cached).
    "MEDIA_CACHE_SECONDS": 60,
    # Most posts one import request may name.
    "MAX_IMPORT": 20,
}
