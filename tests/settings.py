"""Test settings: the demo site's, with fast password hashing and media in a temporary folder.

The database is the demo's when ``DATABASE_URL`` names PostgreSQL (``.ci/run`` runs the suite once
more that way, against a real server); otherwise a SQLite file in a temporary folder.
"""

import tempfile

from project.settings import *  # noqa: F403
from project.settings import DATABASES

MEDIA_ROOT = tempfile.mkdtemp(prefix="eventmedia-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
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
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the live server's threads must not keep connections
ALLOWED_HOSTS = ["*"]
