"""What open-event-frontend does with images that the documented examples do not: the
wizard's and the profile's "remove" (null), one upload as both background and logo, and a write that
commits whole or not at all."""

from __future__ import annotations

import base64
import json
import re

import pytest

from eventmedia.models import Event, EventImage, ImageUpload, Slide, UserImage
from eventmedia.services import Gone, event_images
from tests import documents, images

pytestmark = pytest.mark.django_db(transaction=True)

JSONAPI = "application/vnd.api+json"


def send(client, method: str, path: str, attributes: dict, id_: str | None = None, type_: str = "event"):
    data = {"type": type_, "attributes": attributes, **({"id": id_} if id_ else {})}
    return getattr(client, method)(path, json.dumps({"data": data}), content_type=JSONAPI)


def upload(client) -> str:
    return client.post(
        "/v1/upload/image", {"data": images.data_uri(images.jpeg((1200, 800)))}, format="json"
    ).json()["url"]


def test_null_removes_the_logo_and_its_files_and_an_unchanged_url_stays(client_, event, files):
    logo, background = upload(client_), upload(client_)
    path = f"/v1/events/{event.pk}"
    set_both = send(
        client_, "patch", path, {"logo-url": logo, "original-image-url": background}, str(event.pk)
    )
    attributes = set_both.json()["data"]["attributes"]
    assert set_both.status_code == 200 and len(files()) == 10
    # The wizard's "remove": the logo set to null, every other attribute sent back as it was.
    removed = send(client_, "patch", path, {**attributes, "logo-url": None}, str(event.pk)).json()["data"]
    assert removed["attributes"]["logo-url"] is None
    assert removed["attributes"]["original-image-url"] == attributes["original-image-url"]
    assert list(EventImage.objects.filter(event=event).values_list("kind", flat=True)) == ["background"]
    assert len(files()) == 5  # the logo's original and renditions are gone


def test_null_on_an_event_without_that_image_changes_nothing(client_, event):
    answer = send(
        client_, "patch", f"/v1/events/{event.pk}", {"logo-url": None, "name": "Renamed"}, str(event.pk)
    )
    assert answer.status_code == 200 and answer.json()["data"]["attributes"]["name"] == "Renamed"


def test_null_removes_the_avatar(client_, user, files):
    path = f"/v1/users/{user.pk}"
    set_avatar = send(client_, "patch", path, {"avatar-url": upload(client_)}, str(user.pk), "user")
    attributes = set_avatar.json()["data"]["attributes"]
    assert attributes["avatar-url"] and UserImage.objects.filter(user=user).exists()
    removed = send(client_, "patch", path, {**attributes, "avatar-url": None}, str(user.pk), "user")
    assert removed.json()["data"]["attributes"]["avatar-url"] is None
    assert not UserImage.objects.exists() and files() == []


def test_one_upload_as_both_background_and_logo_gives_each_its_own_files(client_, files):
    url = upload(client_)
    created = send(
        client_, "post", "/v1/events", {"name": "Twice", "original-image-url": url, "logo-url": url}
    )
    assert created.status_code == 201, created.content
    attributes = created.json()["data"]["attributes"]
    assert attributes["original-image-url"] and attributes["logo-url"]
    assert attributes["original-image-url"] != attributes["logo-url"]
    background, logo = (EventImage.objects.get(kind=kind) for kind in ("background", "logo"))
    assert not set(background.file_names()) & set(logo.file_names())
    assert not ImageUpload.objects.exists() and len(files()) == 10


def test_a_create_whose_image_cannot_be_attached_leaves_no_event(client_, files, monkeypatch):
    url = upload(client_)

    def expired_meanwhile(*args, **kwargs):
        raise Gone("the upload expired meanwhile")

    monkeypatch.setattr(event_images, "attach_image_upload", expired_meanwhile)
    refused = send(client_, "post", "/v1/events", {"name": "Half", "original-image-url": url})
    assert refused.status_code == 404
    assert not Event.objects.filter(name="Half").exists() and ImageUpload.objects.count() == 1


def test_events_are_paged_and_sorted_as_json_api_says(client_, user):
    for name in ("Beta", "Alpha", "Gamma", "Delta", "Epsilon"):
        Event.objects.create(name=name, owner=user)
    first = client_.get("/v1/events", {"page[size]": 2, "sort": "name", "include": "tickets", "filter": "[]"})
    body = first.json()
    assert first.status_code == 200 and body["meta"]["count"] == 5
    assert [item["attributes"]["name"] for item in body["data"]] == ["Alpha", "Beta"]
    assert body["links"]["prev"] is None and "page%5Bnumber%5D=3" in body["links"]["last"]
    second = client_.get(body["links"]["next"].replace("http://testserver", "")).json()
    assert [item["attributes"]["name"] for item in second["data"]] == ["Delta", "Epsilon"]
    descending = client_.get(
        "/v1/events", {"page[size]": 2, "page[number]": 3, "sort": "-name,unknown"}
    ).json()
    assert [item["attributes"]["name"] for item in descending["data"]] == ["Alpha"]
    assert client_.get("/v1/events", {"page[number]": 9}).json()["data"] == []


def test_the_user_has_what_the_frontends_pages_read_and_only_names_change(client_, user):
    user.email, user.first_name = "organizer@example.com", "Ada"
    user.save()
    path = f"/v1/users/{user.pk}"
    attributes = client_.get(path).json()["data"]["attributes"]
    assert {key: attributes[key] for key in ("email", "first-name", "last-name", "is-verified")} == {
        "email": "organizer@example.com", "first-name": "Ada", "last-name": "", "is-verified": True,
    }  # fmt: skip
    # The profile form sends every attribute back; names change, the rest is not writable here.
    changed = {
        **attributes,
        "first-name": "Grace",
        "last-name": "Hopper",
        "email": "x@evil.example",
        "is-admin": True,
    }
    answer = send(client_, "patch", path, changed, str(user.pk), "user")
    assert answer.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email, user.is_staff) == (
        "Grace",
        "Hopper",
        "organizer@example.com",
        False,
    )


@pytest.mark.parametrize("title", [None, {"text": "Keynote"}, "Key\x00note", "", "x" * 301])
def test_a_slides_title_is_checked_as_the_plain_api_checks_it(client_, event, title):
    document = client_.post(
        "/v1/upload/files",
        {"data": "data:application/pdf;base64," + base64.b64encode(documents.pdf()).decode()},
        format="json",
    ).json()["url"]
    path = f"/v1/events/{event.pk}/slides"
    refused = send(client_, "post", path, {"title": title, "slides-url": document}, type_="slide")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["source"] == {"pointer": "/data/attributes/title"}
    created = send(client_, "post", path, {"title": "Keynote", "slides-url": document}, type_="slide").json()[
        "data"
    ]
    changed = send(client_, "patch", f"{path}/{created['id']}", {"title": title}, created["id"], "slide")
    assert changed.status_code == 422 and Slide.objects.get(pk=created["id"]).title == "Keynote"


def test_an_api_path_that_matches_nothing_is_a_404_in_the_clients_shape(client_, api):
    jsonapi_answer = client_.get("/v1/event-nonsense/1")
    assert jsonapi_answer.status_code == 404 and jsonapi_answer["Content-Type"].startswith(JSONAPI)
    assert jsonapi_answer.json()["errors"][0]["code"] == "not_found"
    plain = api.delete("/v1/nothing/here")
    assert plain.status_code == 404 and plain.json() == {
        "detail": {"message": "Not found.", "code": "not_found"}
    }
    assert api.get("/v1/schema/").status_code == 200  # what the site mounted before it still answers


def test_events_are_found_by_their_identifier_in_every_route(client_, api, event, files):
    assert re.fullmatch(r"[0-9a-f]{8}", event.identifier)
    plain = api.get(f"/v1/events/{event.identifier}").json()
    assert plain["id"] == event.pk and plain["identifier"] == event.identifier
    document = client_.get(f"/v1/events/{event.identifier}").json()["data"]
    assert document["id"] == str(event.pk) and document["attributes"]["identifier"] == event.identifier
    assert document["links"]["self"].endswith(f"/v1/events/{event.identifier}")
    # The frontend PATCHes /v1/events/{identifier} with the record's original id in the document.
    renamed = send(client_, "patch", f"/v1/events/{event.identifier}", {"name": "Renamed"}, str(event.pk))
    assert renamed.status_code == 200 and renamed.json()["data"]["attributes"]["name"] == "Renamed"
    wrong = send(client_, "patch", f"/v1/events/{event.identifier}", {"name": "X"}, "999999")
    assert wrong.status_code == 409
    image = api.post(
        f"/v1/events/{event.identifier}/images/", {"data": images.data_uri(images.jpeg())}, format="json"
    )
    assert image.status_code == 201 and EventImage.objects.get().event_id == event.pk
    assert api.get(f"/v1/events/{event.pk}").json()["identifier"] == event.identifier  # the id still works
    assert api.get("/v1/events/deadbeef").status_code == 404
    attributes = {"name": "New", "identifier": "chosen"}  # read-only: made by the server
    created = send(client_, "post", "/v1/events", attributes).json()["data"]["attributes"]
    assert re.fullmatch(r"[0-9a-f]{8}", created["identifier"]) and created["identifier"] != event.identifier


def test_a_legacy_ppt_from_the_frontends_file_widget_is_stored_as_one(api, files):
    answer = api.post(
        "/v1/upload/files",
        {"data": "data:application/octet-stream;base64," + base64.b64encode(documents.ppt()).decode()},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["format"] == "ppt" and answer.json()["url"].endswith(".ppt")
