"""Test settings: the demo site's, with fast password hashing and media in a temporary folder."""

import tempfile

from project.settings import *  # noqa: F403

MEDIA_ROOT = tempfile.mkdtemp(prefix="eventmedia-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A file, not :memory:, so the live server's threads each get their own connection.
_DB_DIR = tempfile.mkdtemp(prefix="eventmedia-test-db-")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": f"{_DB_DIR}/db.sqlite3",
        "TEST": {"NAME": f"{_DB_DIR}/test.sqlite3"},
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
    }
}
ALLOWED_HOSTS = ["*"]
