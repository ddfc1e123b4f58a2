"""Test settings: the demo site's, with fast password hashing and media in a temporary folder."""

import tempfile

from project.settings import *  # noqa: F403

MEDIA_ROOT = tempfile.mkdtemp(prefix="eventmedia-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
ALLOWED_HOSTS = ["*"]
