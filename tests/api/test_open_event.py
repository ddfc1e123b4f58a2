"""Open Event's clients, unchanged: JSON:API events and users, and the upload-then-reference flow.

A client uploads with ``POST /v1/upload/image``, sets the answered URL as an attribute of a resource,
and reads the sizes back; every URL it reads serves an image of the size it says.
"""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from rest_framework.test import APIClient

from eventmedia.models import EventImage, ImageUpload, UserImage
from tests import images
from tests.servers import http_server

pytestmark = pytest.mark.django_db

JSONAPI = "application/vnd.api+json"


def send(client, method: str, path: str, document: dict):
    return getattr(client, method)(path, json.dumps(document), content_type=JSONAPI)


def upload(client, size=(1600, 900)) -> str:
    answer = client.post(
        "/v1/upload/image?force_local=true", {"data": images.data_uri(images.jpeg(size))}, format="json"
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert next(iter(body)) == "url"  # Open Event's clients read "url" first
    return body["url"]


def served_size(client, url: str) -> tuple[int, int]:
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Image.open(io.BytesIO(content)).size


def test_create_an_event_upload_a_background_and_read_all_four_image_urls(
    client_, files, django_capture_on_commit_callbacks
):
    created = send(
        client_, "post", "/v1/events", {"data": {"type": "event", "attributes": {"name": "FOSSASIA Summit"}}}
    )
    assert created.status_code == 201, created.content
    assert created["Content-Type"].startswith(JSONAPI)
    event = created.json()["data"]
    assert event["type"] == "event" and event["attributes"]["name"] == "FOSSASIA Summit"
    assert event["attributes"]["original-image-url"] is None
    url = upload(client_)
    with django_capture_on_commit_callbacks(execute=True):  # what runs once the change commits
        changed = send(
            client_, "patch", f"/v1/events/{event['id']}",
            {"data": {"type": "event", "id": event["id"], "attributes": {"original-image-url": url}}},
        )  # fmt: skip
    assert changed.status_code == 200, changed.content
    attributes = client_.get(f"/v1/events/{event['id']}").json()["data"]["attributes"]
    assert attributes["original-image-url"] == url  # the upload became the background, same file
    sizes = {name: served_size(client_, attributes[name]) for name in (
        "original-image-url", "large-image-url", "thumbnail-image-url", "icon-image-url")}  # fmt: skip
    assert sizes == {
        "original-image-url": (1600, 900),
        "large-image-url": (1300, 731),
        "thumbnail-image-url": (500, 281),
        "icon-image-url": (75, 42),
    }
    background = EventImage.objects.get()
    assert background.kind == "background" and not ImageUpload.objects.exists()  # attached, not temporary
    assert len(files()) == 5  # the upload's files, taken over: nothing decoded or written again


def test_a_url_that_is_not_ones_own_upload_is_refused_and_nothing_fetched(client_, other_user, event, files):
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    theirs = upload(stranger)
    for url in (theirs, "https://evil.example/photo.jpg", "http://169.254.169.254/latest/meta-data/"):
        refused = send(
            client_, "patch", f"/v1/events/{event.pk}",
            {"data": {"type": "event", "id": str(event.pk), "attributes": {"original-image-url": url}}},
        )  # fmt: skip
        assert refused.status_code == 422, url  # a field error, as Ember Data reads one
        error = refused.json()["errors"][0]
        assert error["code"] == "not_an_upload"
        assert error["source"] == {"pointer": "/data/attributes/original-image-url"}
    assert not EventImage.objects.exists() and ImageUpload.objects.count() == 1


def test_unknown_attributes_are_ignored_and_an_unchanged_url_changes_nothing(client_, event):
    url = upload(client_)
    first = send(
        client_, "patch", f"/v1/events/{event.pk}",
        {"data": {"type": "event", "id": str(event.pk), "attributes": {"logo-url": url}}},
    )  # fmt: skip
    sent_back = first.json()["data"]["attributes"]
    assert sent_back["logo-url"] == url
    again = send(
        client_, "patch", f"/v1/events/{event.pk}",
        {"data": {"type": "event", "id": str(event.pk), "attributes": {
            **sent_back, "name": "PyCon 2027", "timezone": "Asia/Kolkata", "is-map-shown": "false",
            "latitude": "1.3", "ticket-url": "https://tickets.example/"}}},
    )  # fmt: skip
    assert again.status_code == 200, again.content
    assert again.json()["data"]["attributes"]["name"] == "PyCon 2027"
    assert EventImage.objects.get().kind == "logo"


def test_errors_are_json_api_error_objects_with_the_stable_codes(client_, event):
    wrong_type = send(
        client_, "patch", f"/v1/events/{event.pk}", {"data": {"type": "user", "id": str(event.pk)}}
    )
    assert wrong_type.status_code == 409 and wrong_type.json()["errors"][0]["code"] == "type_conflict"
    not_a_document = send(client_, "post", "/v1/events", {"name": "flat"})
    assert (
        not_a_document.status_code == 400 and not_a_document.json()["errors"][0]["code"] == "invalid_document"
    )
    blank = send(client_, "post", "/v1/events", {"data": {"type": "event", "attributes": {"name": ""}}})
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["source"] == {"pointer": "/data/attributes/name"}


def test_plain_json_clients_see_the_plain_api_at_the_same_paths(api, event):
    plain = api.get(f"/v1/events/{event.pk}/")
    assert plain["Content-Type"] == "application/json" and "background" in plain.json()


def test_the_avatar_is_set_by_url_and_read_back_in_every_size(
    client_, user, files, django_capture_on_commit_callbacks
):
    url = upload(client_, (1000, 1000))
    with django_capture_on_commit_callbacks(execute=True):
        changed = send(
            client_, "patch", "/v1/users/me", {"data": {"type": "user", "attributes": {"avatar-url": url}}}
        )
    assert changed.status_code == 200, changed.content
    attributes = client_.get(f"/v1/users/{user.pk}").json()["data"]["attributes"]
    assert served_size(client_, attributes["avatar-url"]) == (1000, 1000)
    assert attributes["original-image-url"] == attributes["avatar-url"]
    assert served_size(client_, attributes["thumbnail-image-url"]) == (500, 500)
    assert served_size(client_, attributes["small-image-url"]) == (50, 50)
    assert served_size(client_, attributes["icon-image-url"]) == (35, 35)
    assert UserImage.objects.get().user == user and not ImageUpload.objects.exists()
    assert attributes["avatar-url"] == url  # the upload's original, taken over
    assert sorted(files()) == sorted(UserImage.objects.get().file_names())  # its event sizes are gone


def test_another_users_resource_is_not_found(client_, other_user):
    assert client_.get(f"/v1/users/{other_user.pk}").status_code == 404


def test_slides_reference_an_uploaded_document(
    client_, event, other_user, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eventmedia.models import DocumentUpload, Slide
    from tests import documents

    uploaded = client_.post(
        "/v1/upload/files", {"file": SimpleUploadedFile("talk.pdf", documents.pdf())}, format="multipart"
    )
    assert uploaded.status_code == 201, uploaded.content
    url = uploaded.json()["url"]
    attributes = {"title": "Fast images", "session": "Room A", "slides-url": url}
    with django_capture_on_commit_callbacks(execute=True):  # the preview task runs after commit
        created = send(
            client_,
            "post",
            f"/v1/events/{event.pk}/slides",
            {"data": {"type": "slide", "attributes": attributes}},
        )
    assert created.status_code == 201, created.content
    slide = client_.get(f"/v1/events/{event.pk}/slides/{created.json()['data']['id']}").json()["data"]
    assert slide["type"] == "slide" and slide["attributes"]["slides-url"] == url  # the file, taken over
    assert slide["attributes"]["preview-url"]  # a PDF's first page, made by the task
    assert Slide.objects.get().file.name in url and not DocumentUpload.objects.exists()
    listed = client_.get(f"/v1/events/{event.pk}/slides").json()["data"]
    assert [item["id"] for item in listed] == [slide["id"]]
    changed = {**slide["attributes"], "title": "Faster"}
    renamed = send(
        client_, "patch", f"/v1/events/{event.pk}/slides/{slide['id']}",
        {"data": {"type": "slide", "id": slide["id"], "attributes": changed}},
    )  # fmt: skip
    assert renamed.status_code == 200 and renamed.json()["data"]["attributes"]["title"] == "Faster"
    theirs = APIClient()
    theirs.force_authenticate(other_user)
    foreign = theirs.post(
        "/v1/upload/files", {"file": SimpleUploadedFile("x.pdf", documents.pdf())}, format="multipart"
    ).json()["url"]
    refused = send(
        client_, "post", f"/v1/events/{event.pk}/slides",
        {"data": {"type": "slide", "attributes": {"title": "Not mine", "slides-url": foreign}}},
    )  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "not_an_upload"


@pytest.fixture
def image_host():
    """A real HTTP server on this machine with an image and a page (a site's media host)."""
    pages = {
        "/stage.jpg": (images.jpeg((1200, 800)), "image/jpeg"),
        "/page.jpg": (b"<html></html>", "image/jpeg"),
    }
    with http_server(pages) as url:
        yield url


def test_an_image_url_on_a_host_the_site_allows_is_fetched_and_processed(
    client_, event, image_host, settings
):
    def set_background(url):
        return send(
            client_, "patch", f"/v1/events/{event.pk}",
            {"data": {"type": "event", "id": str(event.pk), "attributes": {"original-image-url": url}}},
        )  # fmt: skip

    assert set_background(f"{image_host}/stage.jpg").json()["errors"][0]["code"] == "not_an_upload"  # default
    settings.EVENTMEDIA = {
        "IMAGE_URL_HOSTS": ["127.0.0.1"],
        "IMAGE_URL_REQUIRE_HTTPS": False,
        "IMAGE_URL_PRIVATE_NETWORKS": ["127.0.0.0/8"],
    }
    changed = set_background(f"{image_host}/stage.jpg")
    assert changed.status_code == 200, changed.content
    attributes = changed.json()["data"]["attributes"]
    assert served_size(client_, attributes["original-image-url"]) == (1200, 800)
    assert served_size(client_, attributes["thumbnail-image-url"]) == (500, 333)
    not_an_image = set_background(f"{image_host}/page.jpg")  # the pipeline sniffs what arrives
    assert not_an_image.json()["errors"][0]["code"] == "unsupported_format"
    missing = set_background(f"{image_host}/gone.jpg")
    assert missing.json()["errors"][0]["code"] == "image_url_refused"
    settings.EVENTMEDIA = {"IMAGE_URL_HOSTS": ["127.0.0.1"]}  # https required: plain http is refused
    assert set_background(f"{image_host}/stage.jpg").json()["errors"][0]["code"] == "image_url_refused"
    assert EventImage.objects.count() == 1
