"""Settings of the demo site, read from the environment (docs/settings.md).

Every ``INSTAGRAM_<KEY>`` variable lands in ``EVENTMEDIA["INSTAGRAM"][<KEY>]`` (lists comma-separated,
booleans 0/1), so the demo and the tests can point Instagram's URLs at a local stand-in.
"""

from pathlib import Path

from eventmedia import task_framework
from eventmedia.conf import encoded_length
from eventmedia.contrib.instagram.defaults import DEFAULTS as INSTAGRAM_DEFAULTS
from eventmedia.defaults import DEFAULTS

from . import env

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env.string("DJANGO_SECRET_KEY", "demo-only-insecure-key-change-me")
DEBUG = env.boolean("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env.strings("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.strings("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Behind a proxy that terminates TLS: DJANGO_SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto.
if env.boolean("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
    "project",
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
WSGI_APPLICATION = "project.wsgi.application"

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


# DATABASE_URL: sqlite:////absolute/path, sqlite:///relative/path or postgres://user:pass@host:port/name.
# demo.sqlite3, not db.sqlite3: the demo's events moved to its own model (project.models.Event), and a
# database made before that keeps eventmedia's tables pointing at the old ones.
DATABASES = {
    "default": env.database(
        "DATABASE_URL", {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "demo.sqlite3"}
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Transactions take SQLite's write lock when they begin, so concurrent uploads wait their turn.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / "media")))
# The demo serves uploaded media itself; a production site lets its web server or S3 do it.
SERVE_MEDIA = env.boolean("DJANGO_SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env.string("AWS_STORAGE_BUCKET_NAME"):
    # django-storages' own variable names; boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY itself.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.string("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.string("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.string("AWS_S3_REGION_NAME") or None,
            "custom_domain": env.string("AWS_S3_CUSTOM_DOMAIN") or None,
            # Signed URLs by default (django-storages' own default): a new bucket is private. A site
            # that makes its objects public (AWS_DEFAULT_ACL=public-read, or a bucket policy) may
            # answer plain URLs with AWS_QUERYSTRING_AUTH=0.
            "querystring_auth": env.boolean("AWS_QUERYSTRING_AUTH", True),
            "default_acl": env.string("AWS_DEFAULT_ACL", "") or None,
            "querystring_expire": env.integer("AWS_QUERYSTRING_EXPIRE", 3600),
            "file_overwrite": False,
            # Stored files never change (every version gets a new name): let browsers and CDNs keep them.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

LOGIN_URL = "/admin/login/"

# Open Event's frontend logs in at /auth/session and sends "Authorization: JWT <token>"; its claims name
# the user "identity". It runs on its own origin: list it in CORS_ALLOWED_ORIGINS (comma separated).
SIMPLE_JWT = {"AUTH_HEADER_TYPES": ("JWT",), "USER_ID_CLAIM": "identity"}
CORS_ALLOWED_ORIGINS = env.strings("CORS_ALLOWED_ORIGINS", [])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an API client without credentials gets 401 with WWW-Authenticate: Token.
        "rest_framework.authentication.TokenAuthentication",
        # Open Event's frontend: Authorization: JWT <access token> (project/auth.py issues them).
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "eventmedia API",
    "DESCRIPTION": "Event images, avatars and slides: uploads as base64 data URIs or multipart files.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets from the sidecar package: the docs work without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Background work: in the request (no Redis needed), or on RQ workers when REDIS_URL is set
# (`make worker` starts one with the same environment).
REDIS_URL = env.string("REDIS_URL", "")
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env.integer("RQ_JOB_TIMEOUT", 600)}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": task_framework.IMMEDIATE_BACKEND}}


# Seconds: fractions make sense for these even though their defaults are whole numbers.
INSTAGRAM_FRACTIONAL = {"TIMEOUT", "MEDIA_DEADLINE", "BACKOFF", "STATE_LIFETIME"}


def from_env(prefix: str, defaults: dict, fractional: set[str] = frozenset()) -> dict:
    """Every ``<prefix><KEY>`` variable that is set, typed like the default of that key."""
    return {
        key: env.like(f"{prefix}{key}", default, fractional=key in fractional)
        for key, default in defaults.items()
        if env.string(f"{prefix}{key}", None) is not None
    }


def instagram_from_env() -> dict:
    """Every ``INSTAGRAM_<KEY>`` variable that is set, typed like the default of that key."""
    return from_env("INSTAGRAM_", INSTAGRAM_DEFAULTS, INSTAGRAM_FRACTIONAL)


# The demo's events are its own model, the path a site's model takes (docs/site.md): eventmedia's
# fields from AbstractEvent plus what Open Event's event wizard keeps (state, privacy, time zone...).
# EVENTMEDIA_EVENT_MODEL=eventmedia.Event runs the demo on eventmedia's own model (the tests' workers do).
DEMO_EVENT_MODEL = "demo_project.Event"
EVENTMEDIA_EVENT_MODEL = env.string("EVENTMEDIA_EVENT_MODEL", DEMO_EVENT_MODEL)

EVENTMEDIA = {
    "INSTAGRAM": instagram_from_env(),
    # Event renditions also as AVIF and WebP (the event page's <picture> offers them), made by a task:
    # RENDITION_FORMATS=AVIF,WEBP (best with a worker: the in-process backend makes the upload wait).
    "RENDITION_FORMATS": {"event": env.strings("RENDITION_FORMATS", [])},
    # Under gunicorn (make serve): uploads one process works on at once; more answer 503 server_busy.
    "MAX_CONCURRENT_UPLOADS": env.integer("UPLOADS_PER_PROCESS", 0) or None,
}

# Any top-level setting from an EVENTMEDIA_<KEY> variable, typed like its default (MAX_UPLOAD_BYTES=
# a whole number, ALLOWED_IMAGE_FORMATS=JPEG,PNG, RENDITIONS={...} as JSON); these win over the above.
EVENTMEDIA.update(from_env("EVENTMEDIA_", DEFAULTS))

if EVENTMEDIA_EVENT_MODEL == DEMO_EVENT_MODEL:
    # The demo event's own fields in /v1/events/; any signed-in user may create an event and becomes
    # its owner (as with eventmedia's own model).
    EVENTMEDIA["EVENT_SERIALIZER"] = "project.serializers.EventSerializer"
    EVENTMEDIA["EVENT_CREATE_PERMISSION"] = "rest_framework.permissions.IsAuthenticated"

# Room for a base64 data URI of the largest upload eventmedia accepts (its check eventmedia.W001).
DATA_UPLOAD_MAX_MEMORY_SIZE = (
    encoded_length(
        max(
            EVENTMEDIA.get("MAX_UPLOAD_BYTES", DEFAULTS["MAX_UPLOAD_BYTES"]),
            EVENTMEDIA.get("MAX_DOCUMENT_BYTES", DEFAULTS["MAX_DOCUMENT_BYTES"]),
        )
    )
    + 64 * 1024
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"eventmedia": {"handlers": ["console"], "level": "INFO"}},
}
