"""System checks report bad EVENTMEDIA settings by id."""

import pytest
from django.core.checks import registry

from eventmedia import checks
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


def messages(settings, **eventmedia) -> list[tuple[str, str]]:
    settings.EVENTMEDIA = eventmedia
    return [(message.id, message.msg) for message in check_settings()]


@pytest.mark.parametrize(
    "box", [(100, None), (None, 50), (1, None), (100, 50, "crop"), [100, 50, "crop"], [300, None]]
)
def test_a_rendition_box_with_a_positive_side_is_accepted(settings, box):
    assert messages(settings, RENDITIONS={"event": {"custom": box}}) == []


@pytest.mark.parametrize(
    "box",
    [(None, None), (0, 10), (-1, None), (1.5, None), ("100", None), (100,), (1, 2, 3, 4), 5, "100",
     (100, None, "crop"), (100, 50, "fit")],
)  # fmt: skip
def test_a_rendition_box_without_one_is_refused_by_name(settings, box):
    found = messages(settings, RENDITIONS={"event": {"custom": box}})
    assert [(code, "event.custom" in text) for code, text in found] == [("eventmedia.E009", True)]


def test_renditions_are_groups_of_boxes_and_none_is_called_original(settings):
    assert [code for code, _ in messages(settings, RENDITIONS="large")] == ["eventmedia.E009"]
    found = messages(settings, RENDITIONS={"event": {"original": (100, None)}})
    assert [(code, "'original'" in text) for code, text in found] == [("eventmedia.E009", True)]


def test_rendition_formats_are_alternate_formats_this_pillow_writes(settings, monkeypatch):
    assert [code for code, _ in messages(settings, RENDITION_FORMATS={"event": ["GIF"]})] == [
        "eventmedia.E016"
    ]
    assert [code for code, _ in messages(settings, RENDITION_FORMATS=["AVIF"])] == ["eventmedia.E016"]
    assert messages(settings, RENDITION_FORMATS={"event": ["AVIF", "WEBP"]}) == []
    monkeypatch.setattr(checks.features, "check", lambda feature: feature != "avif")
    found = messages(settings, RENDITION_FORMATS={"event": ["AVIF", "WEBP"]})
    assert [(code, "AVIF" in text and "WEBP" not in text) for code, text in found] == [
        ("eventmedia.E016", True)
    ]


@pytest.mark.parametrize("hosts", ["images.example", [""], ["."], [3]])
def test_image_url_hosts_are_a_list_of_names(settings, hosts):
    assert [code for code, _ in messages(settings, IMAGE_URL_HOSTS=hosts)] == ["eventmedia.E015"]


@pytest.mark.parametrize("networks", ["10.0.0.0/8", ["intranet"], ["10.0.0.0/33"], [None]])
def test_image_url_private_networks_are_a_list_of_networks(settings, networks):
    found = messages(settings, IMAGE_URL_HOSTS=["mirror.example"], IMAGE_URL_PRIVATE_NETWORKS=networks)
    assert [code for code, _ in found] == ["eventmedia.E015"]
    assert messages(settings, IMAGE_URL_PRIVATE_NETWORKS=["10.0.0.0/8", "fd00::/8", "127.0.0.1"]) == []


def test_image_url_hosts_need_the_fetch_extra(settings, monkeypatch):
    assert messages(settings, IMAGE_URL_HOSTS=["images.example"]) == []
    real = checks.importlib.util.find_spec
    monkeypatch.setattr(
        checks.importlib.util, "find_spec", lambda name: None if name == "requests" else real(name)
    )
    assert messages(settings, IMAGE_URL_HOSTS=[]) == []  # no hosts: requests not needed
    found = messages(settings, IMAGE_URL_HOSTS=["images.example"])
    assert [(code, "requests" in text) for code, text in found] == [("eventmedia.E015", True)]


def test_a_format_this_pillow_cannot_write_is_an_error(settings, monkeypatch):
    monkeypatch.setattr(checks.features, "check", lambda feature: feature != "webp")
    found = messages(settings, ALLOWED_IMAGE_FORMATS=["JPEG", "PNG"], TRANSPARENT_FORMAT="WEBP")
    assert found == [("eventmedia.E011", "Pillow was built without WEBP support.")]
    assert messages(settings, ALLOWED_IMAGE_FORMATS=["JPEG", "PNG"]) == []  # WEBP not needed then


def test_optional_formats_warn_only_when_the_site_lists_them(settings, monkeypatch):
    monkeypatch.setattr(checks, "heif_available", lambda: False)
    monkeypatch.setattr(checks.features, "check", lambda feature: feature != "avif")
    assert messages(settings) == []  # the defaults allow both: a site gets them by installing them
    found = messages(settings, ALLOWED_IMAGE_FORMATS=["JPEG", "PNG", "HEIF", "AVIF"])
    assert [code for code, _ in found] == ["eventmedia.W002", "eventmedia.W003"]
    monkeypatch.setattr(checks, "heif_available", lambda: True)
    monkeypatch.setattr(checks.features, "check", lambda feature: True)
    assert messages(settings, ALLOWED_IMAGE_FORMATS=["JPEG", "PNG", "HEIF", "AVIF"]) == []


def test_a_pillow_heif_that_decodes_bombs_is_left_unused_and_said(settings, monkeypatch):
    from eventmedia.imaging import formats

    assert formats.heif_version_usable("1.4.0") and formats.heif_version_usable("1.10.2")
    assert not formats.heif_version_usable("1.3.0") and not formats.heif_version_usable("0.22.0")
    assert formats.heif_version_usable(formats.pillow_heif.__version__)  # the one installed is used
    monkeypatch.setattr(formats, "HEIF_TOO_OLD", "1.3.0")
    found = messages(settings)
    assert [code for code, _ in found] == ["eventmedia.W006"]
    assert "pillow-heif 1.3.0 is installed but not used" in found[0][1]


def test_a_site_without_any_eventmedia_setting_passes(settings):
    del settings.EVENTMEDIA
    assert check_settings() == []
