"""Encryption of Instagram tokens at rest (Fernet, from the well-kept ``cryptography`` package).

The key is derived with HKDF-SHA256 from ``EVENTMEDIA["INSTAGRAM"]["TOKEN_KEY"]`` or, when that is
empty, from ``SECRET_KEY``; ``SECRET_KEY_FALLBACKS`` still decrypt, so rotating the secret key the
Django way keeps connected accounts working. A token that no key opens reads as "" (the account then
needs to reconnect) rather than raising.
"""

from __future__ import annotations

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.signals import setting_changed

from .conf import instagram_settings

SALT = b"eventmedia.instagram.token.v1"


def _derive(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=b"fernet").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@functools.cache
def _cipher() -> MultiFernet:
    configured = instagram_settings().TOKEN_KEY
    secrets = [configured] if configured else [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_derive(secret) for secret in secrets if secret])


def encrypt(token: str) -> str:
    """The token encrypted with the site's key (Fernet)."""
    return _cipher().encrypt(token.encode()).decode()


def decrypt(value: str) -> str:
    """The token, or "" when no key of the site can read it (the user must reconnect)."""
    try:
        return _cipher().decrypt(value.encode()).decode()
    except InvalidToken:
        return ""


def _reset(*, setting: str, **kwargs) -> None:
    if setting in ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "EVENTMEDIA"):
        _cipher.cache_clear()


setting_changed.connect(_reset)
