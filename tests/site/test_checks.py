"""System checks report bad EVENTMEDIA settings by id."""

import pytest
from django.core.checks import registry

from eventmedia.checks import check_settings, check_sqlite_locking
from eventmedia.contrib.instagram.checks import check_instagram_settings


def check_ids(settings, **eventmedia) -> set[str]:
    settings.EVENTMEDIA = eventmedia
    return {message.id for message in [*check_settings(), *check_instagram_settings()]}


def test_the_check_is_registered():
    assert check_settings in registry.registry.get_checks()
    assert check_instagram_settings in registry.registry.get_checks()


def test_default_settings_pass(settings):
    assert check_ids(settings) == set()


def test_bad_settings_are_reported(settings):
    assert "eventmedia.E002" in check_ids(settings, MAX_UPLOAD_BYTE=5)
    assert "eventmedia.E003" in check_ids(settings, MAX_PIXELS=-1)
    assert "eventmedia.E004" in check_ids(settings, JPEG_QUALITY=101)
    assert "eventmedia.E005" in check_ids(settings, ALLOWED_IMAGE_FORMATS=["JPEG", "TIFF"])
    assert "eventmedia.E006" in check_ids(settings, ALLOWED_DOCUMENT_FORMATS=["DOCX"])
    assert "eventmedia.E007" in check_ids(settings, TRANSPARENT_FORMAT="GIF")
    assert "eventmedia.E009" in check_ids(settings, RENDITIONS={"event": {"big": (0, None)}})
    assert "eventmedia.E009" in check_ids(settings, RENDITIONS={"event": {"banner": (1920, None, "crop")}})
    assert "eventmedia.E009" in check_ids(settings, RENDITIONS={"event": {"banner": (1920, 640, "cover")}})
    assert "eventmedia.E009" not in check_ids(settings, RENDITIONS={"event": {"banner": (1920, 640, "crop")}})
    assert "eventmedia.E016" in check_ids(settings, RENDITION_FORMATS={"event": ["JPEG2000"]})
    assert "eventmedia.E016" not in check_ids(settings, RENDITION_FORMATS={"event": ["AVIF", "WEBP"]})
    assert "eventmedia.E010" in check_ids(settings, STORAGE="nowhere")
    assert "eventmedia_instagram.E001" in check_ids(settings, INSTAGRAM={"CLIENT_SECRETS": "typo"})
    assert "eventmedia_instagram.E001" not in check_ids(settings, INSTAGRAM={"CLIENT_SECRET": "s"})


def test_request_limit_smaller_than_an_upload_is_a_warning(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default
    assert "eventmedia.W001" in check_ids(settings)


def test_the_old_event_model_key_says_where_the_setting_went(settings):
    found = check_ids(settings, EVENT_MODEL="conferences.Conference")
    assert "eventmedia.E017" in found and "eventmedia.E002" not in found


@pytest.mark.parametrize("options", [{}, {"transaction_mode": "DEFERRED"}, {"transaction_mode": "EXCLUSIVE"}])
def test_sqlite_without_immediate_transactions_is_warned_about(settings, options):
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3", "OPTIONS": options}
    settings.DATABASES = {**settings.DATABASES, "other": database}
    found = [
        warning for warning in check_sqlite_locking(databases=["other"]) if warning.id == "eventmedia.W004"
    ]
    assert len(found) == 1 and "'other'" in found[0].msg
    settings.DATABASES = {
        **settings.DATABASES,
        "other": {**database, "OPTIONS": {"transaction_mode": "IMMEDIATE"}},
    }
    assert check_sqlite_locking(databases=["other"]) == []
