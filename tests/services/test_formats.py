"""Renditions in modern formats: AVIF and WebP made by a task after commit, listed, served, deleted."""

import io

import pytest
from django.template import Context, Template
from PIL import Image

from eventmedia import services
from eventmedia.models import EventImage
from tests import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def formats(settings):
    settings.EVENTMEDIA = {"RENDITION_FORMATS": {"event": ["AVIF", "WEBP"]}}


def test_formats_are_made_after_commit_listed_served_and_deleted(
    api, event, files, formats, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs once the upload commits
        photo = images.data_uri(images.jpeg((1600, 900)))
        created = api.post(f"/v1/events/{event.pk}/images/", {"data": photo}, format="json")
    assert created.status_code == 201
    assert all(r["formats"] == {} for r in created.json()["renditions"].values())  # the answer did not wait
    body = api.get(f"/v1/events/{event.pk}/images/{created.json()['id']}/").json()
    for name, rendition in body["renditions"].items():
        assert set(rendition["formats"]) == {"avif", "webp"}, name
        for fmt, made in rendition["formats"].items():
            response = api.get(made["url"].replace("http://testserver", ""))
            content = b"".join(response.streaming_content) if response.streaming else response.content
            picture = Image.open(io.BytesIO(content))
            assert picture.format == fmt.upper() and picture.size == (rendition["width"], rendition["height"])
    assert len(files()) == 5 + 4 * 2  # original, four renditions, each in two more formats
    image = EventImage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_stored(image)
    assert files() == []


def test_without_the_setting_nothing_more_is_made(api, event, files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/v1/events/{event.pk}/images/", {"data": images.data_uri(images.jpeg())}, format="json")
    assert len(files()) == 5


def test_the_picture_tag_offers_avif_then_webp_then_the_img(
    event, formats, django_capture_on_commit_callbacks
):
    processed = services.process_image_bytes(images.jpeg((1600, 900)))
    with django_capture_on_commit_callbacks(execute=True):
        image = services.save_event_image(event=event, processed=processed)
    image.refresh_from_db()
    html = Template('{% load eventmedia %}{% eventmedia_picture image "large" sizes="50vw" %}').render(
        Context({"image": image})
    )
    assert html.startswith('<picture><source type="image/avif"') and "</picture>" in html
    assert html.index("image/avif") < html.index("image/webp") < html.index("<img")
    assert 'sizes="50vw"' in html and ".avif 1300w" in html and ".avif 1920w" not in html  # no banner
