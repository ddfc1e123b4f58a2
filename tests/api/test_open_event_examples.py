"""Open Event's own documented requests (tests/open_event/, from its API Blueprint), replayed as its
clients send them: upload, reference the answered URL, read back, with the JSON:API media type."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from eventmedia.models import Event, UserImage

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "open_event"
JSONAPI = "application/vnd.api+json"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text())


def upload_the_documented_image(client) -> str:
    # As documented: a JSON body (Content-Type application/json), ?force_local=true.
    answer = client.post("/v1/upload/image?force_local=true", json.dumps(example("upload_image.json")),
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    return answer.json()["url"]


def size_at(client, url: str) -> tuple[int, int]:
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Image.open(io.BytesIO(body)).size


def test_the_documented_create_event_with_its_own_image_urls_is_refused_nothing_fetched(client_):
    # Open Event fetches any URL it is given; these point at third-party hosts and are refused.
    answer = client_.post("/v1/events", json.dumps(example("create_event.json")), content_type=JSONAPI)
    assert answer.status_code == 422
    pointers = {error["source"]["pointer"]: error["code"] for error in answer.json()["errors"]}
    assert pointers == {
        "/data/attributes/logo-url": "not_an_upload",
        "/data/attributes/original-image-url": "not_an_upload",
    }
    assert not Event.objects.exists()


def test_the_documented_create_event_with_uploaded_images_gives_every_size(client_):
    document = example("create_event.json")
    background, logo = upload_the_documented_image(client_), upload_the_documented_image(client_)
    document["data"]["attributes"].update({"original-image-url": background, "logo-url": logo})
    created = client_.post("/v1/events", json.dumps(document), content_type=JSONAPI)
    assert created.status_code == 201, created.content
    event = created.json()["data"]
    assert (event["type"], event["attributes"]["name"]) == ("event", "example")
    assert event["attributes"]["starts-at"].startswith("2099-12-13T23:59:59.123456")
    read = client_.get(f"/v1/events/{event['id']}").json()["data"]["attributes"]
    assert (read["original-image-url"], read["logo-url"]) == (background, logo)
    for name in (
        "original-image-url",
        "large-image-url",
        "thumbnail-image-url",
        "icon-image-url",
        "logo-url",
    ):
        assert size_at(client_, read[name]) == (16, 16), name  # a 16 x 16 GIF is never upscaled


def test_the_documented_user_attributes_set_the_avatar(client_, user):
    url = upload_the_documented_image(client_)
    document = example("create_user.json")
    document["data"]["attributes"].update({"avatar_url": url, "original-image-url": url})
    changed = client_.patch("/v1/users/me", json.dumps(document), content_type=JSONAPI)
    assert changed.status_code == 200, changed.content
    attributes = changed.json()["data"]["attributes"]
    assert attributes["avatar-url"] == url
    assert all(size_at(client_, attributes[name]) == (16, 16) for name in (
        "thumbnail-image-url", "small-image-url", "icon-image-url"))  # fmt: skip
    assert UserImage.objects.get().user == user
