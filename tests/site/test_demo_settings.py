"""The demo's settings read typed environment variables and refuse bad values by name at start-up."""

import json
import runpy
import subprocess
import sys

import pytest

from eventmedia.api.throttle import MAX_RETRY_AFTER
from tests.paths import ROOT

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'db': str(settings.DATABASES['default']['NAME']), "
    "'engine': settings.DATABASES['default']['ENGINE'], 'debug': settings.DEBUG, "
    "'hosts': settings.ALLOWED_HOSTS, 'instagram': settings.EVENTMEDIA['INSTAGRAM'], "
    "'media': {k: v for k, v in settings.EVENTMEDIA.items() if k != 'INSTAGRAM'}, "
    "'body_limit': settings.DATA_UPLOAD_MAX_MEMORY_SIZE}, default=list))"
)


def load(**environment):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "project.settings", **environment}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def loaded(**environment) -> dict:
    done = load(**environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_four_slash_sqlite_url_is_an_absolute_path(tmp_path):
    settings = loaded(DATABASE_URL=f"sqlite:///{tmp_path}/demo.sqlite3")
    assert settings["db"] == f"{tmp_path}/demo.sqlite3" and settings["db"].startswith("/")


def test_postgres_url(tmp_path):
    settings = loaded(DATABASE_URL="postgres://eventmedia:secret@127.0.0.1:5433/eventmedia")
    assert settings["engine"] == "django.db.backends.postgresql" and settings["db"] == "eventmedia"


def test_typed_values():
    settings = loaded(
        DJANGO_DEBUG="off",
        DJANGO_ALLOWED_HOSTS="events.example.com, .example.org",
        INSTAGRAM_TIMEOUT="2.5",
        INSTAGRAM_BACKOFF="0.2",
        INSTAGRAM_RETRIES="5",
        INSTAGRAM_MEDIA_REQUIRE_HTTPS="0",
        INSTAGRAM_MEDIA_HOSTS=".cdninstagram.com,.fbcdn.net",
    )
    assert settings["debug"] is False
    assert settings["hosts"] == ["events.example.com", ".example.org"]
    assert settings["instagram"] == {
        "TIMEOUT": 2.5,
        "BACKOFF": 0.2,
        "RETRIES": 5,
        "MEDIA_REQUIRE_HTTPS": False,
        "MEDIA_HOSTS": [".cdninstagram.com", ".fbcdn.net"],
    }


@pytest.mark.parametrize(
    "name, value",
    [
        ("DATABASE_URL", "mysql://x@y/z"),
        ("DATABASE_URL", "not a url"),
        ("DJANGO_DEBUG", "flase"),
        ("INSTAGRAM_RETRIES", "three"),
        ("INSTAGRAM_TIMEOUT", "soon"),
        ("AWS_QUERYSTRING_EXPIRE", "1h"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(name, value):
    environment = {name: value}
    if name.startswith("AWS_"):
        environment["AWS_STORAGE_BUCKET_NAME"] = "media"
    done = load(**environment)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and f"Environment variable {name}=" in done.stderr


def test_every_top_level_setting_can_come_from_the_environment():
    settings = loaded(
        EVENTMEDIA_MAX_UPLOAD_BYTES="60000000",
        EVENTMEDIA_ALLOWED_IMAGE_FORMATS="JPEG, PNG",
        EVENTMEDIA_MAX_ORIGINAL_SIZE="4000,3000",
        EVENTMEDIA_RENDITION_FORMATS='{"event": ["WEBP"]}',
        EVENTMEDIA_IMAGE_URL_REQUIRE_HTTPS="0",
        EVENTMEDIA_IMAGE_URL_PRIVATE_NETWORKS="10.0.0.0/8",
        EVENTMEDIA_MAX_CONCURRENT_UPLOADS="3",
        EVENTMEDIA_EVENT_SERIALIZER="project.serializers.EventSerializer",
    )
    media = settings["media"]
    assert media["MAX_UPLOAD_BYTES"] == 60_000_000 and media["ALLOWED_IMAGE_FORMATS"] == ["JPEG", "PNG"]
    assert media["MAX_ORIGINAL_SIZE"] == [4000, 3000] and media["RENDITION_FORMATS"] == {"event": ["WEBP"]}
    assert media["IMAGE_URL_REQUIRE_HTTPS"] is False and media["IMAGE_URL_PRIVATE_NETWORKS"] == ["10.0.0.0/8"]
    assert media["MAX_CONCURRENT_UPLOADS"] == 3
    assert media["EVENT_SERIALIZER"] == "project.serializers.EventSerializer"
    assert settings["body_limit"] > 60_000_000 * 4 // 3  # room for the larger uploads' data URIs
    assert "UPLOAD_LIFETIME" not in media  # unset variables leave eventmedia's defaults


@pytest.mark.parametrize(
    "name, value",
    [("EVENTMEDIA_MAX_UPLOAD_BYTES", "big"), ("EVENTMEDIA_MAX_ORIGINAL_SIZE", "4000,wide"),
     ("EVENTMEDIA_RENDITION_FORMATS", "{event"), ("EVENTMEDIA_JPEG_PROGRESSIVE", "maybe")],
)  # fmt: skip
def test_a_bad_top_level_setting_stops_the_start_naming_it(name, value):
    done = load(**{name: value})
    assert done.returncode != 0 and name in done.stderr


def test_gunicorn_keeps_a_waiting_clients_connection_longer_than_its_longest_turn():
    # A client told to come back in Retry-After seconds reuses its connection then; had gunicorn closed
    # it meanwhile, the upload meets a reset as it is sent (make load saw them at 64 clients).
    conf = runpy.run_path(str(ROOT / "project" / "gunicorn.conf.py"))
    assert conf["keepalive"] > MAX_RETRY_AFTER + 1
