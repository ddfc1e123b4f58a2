"""Settings of the test suite: a small site of its own that installs eventmedia and Connect Instagram.

Not the demo's settings (those read the environment; ``tests/site/test_demo_settings.py`` covers them).
The URLs are the demo's, which mount eventmedia's like any site does, so that the browser tests can
use the demo's pages. ``DATABASE_URL`` may name a PostgreSQL server (``.ci/run`` runs the suite once
more against a real one); otherwise each run gets an SQLite file in a temporary folder.
"""

import os
import tempfile
from pathlib import Path

import environ

from eventmedia import task_framework

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "eventmedia-tests-only-0123456789abcdef"  # 32+ bytes: JWTs are signed with it
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    *task_framework.APPS,  # the django-tasks backport on Django 5.2; Django 6 ships the framework
    "eventmedia",
    "eventmedia.contrib.instagram",
    "project",  # the demo's pages and its seed command, used by the browser tests
    "tests.speakers",  # a site's own records naming uploads by URL (UploadURLField)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware: answers the frontend's preflights
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": environ.Env.db_url_config(os.environ["DATABASE_URL"])}
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the live server's threads must not keep connections
else:
    # A file, not :memory:, so the live server's threads each get their own connection.
    _DB_DIR = tempfile.mkdtemp(prefix="eventmedia-test-db-")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": f"{_DB_DIR}/db.sqlite3",
            "TEST": {"NAME": f"{_DB_DIR}/test.sqlite3"},
            # Transactions take the write lock when they begin: concurrent uploads wait their turn.
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = tempfile.mkdtemp(prefix="eventmedia-test-media-")  # each test gets its own (conftest)
SERVE_MEDIA = True  # the demo's URLs serve media, so tests fetch every URL an answer gives
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "/admin/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# As the demo: Open Event's frontend's JWTs, and its origin allowed by CORS.
SIMPLE_JWT = {"AUTH_HEADER_TYPES": ("JWT",), "USER_ID_CLAIM": "identity"}
CORS_ALLOWED_ORIGINS = ["http://frontend.test"]
SPECTACULAR_SETTINGS = {
    "TITLE": "eventmedia API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

TASKS = {"default": {"BACKEND": task_framework.IMMEDIATE_BACKEND}}

EVENTMEDIA: dict = {}  # every test starts from the defaults; fixtures set what they need
# Room for a base64 data URI of the largest upload (check eventmedia.W001).
DATA_UPLOAD_MAX_MEMORY_SIZE = 36 * 1024 * 1024
