"""open-event-frontend's own requests, replayed against the demo as it runs (its event model, its
login, its sessions): run by tests/api/test_frontend_replay.py under tests.demo_site.settings.

Each request is built as the frontend's source builds it (fossasia/open-event-frontend at e6f8b09):
the headers of its adapter (``app/adapters/application.js``: JSON:API media type, ``Authorization:
JWT``, its origin), the documents of its serializers (every attribute of the record that is not
read-only, nulls included, ``original-id`` restored as ``id``: ``app/serializers/application.js``,
``app/mixins/custom-primary-key.js``), the image widget's upload (``app/services/loader.ts``: JSON
``{"data": <data URI>}``) and the file widget's (multipart, field ``file``). What is asserted is what
the frontend reads back.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from eventmedia.models import EventImage, KeptFile, UserImage, get_event_model
from project.models import Event, Session
from tests import documents, images

pytestmark = pytest.mark.django_db(transaction=True)

JSONAPI = "application/vnd.api+json"
ORIGIN = "http://frontend.test"  # CORS_ALLOWED_ORIGINS of the test settings

# The event model's attributes the frontend serializes (app/models/event.js: every ``attr`` without
# ``readOnly``), with the value a new record has in the wizard before the organizer types anything.
EVENT_ATTRIBUTES = {
    "name": None, "description": None, "after-order-message": None, "starts-at": None, "ends-at": None,
    "timezone": "UTC", "location-name": None, "searchable-location-name": None, "public-stream-link": None,
    "stream-loop": False, "stream-autoplay": False, "longitude": 0.0, "latitude": 0.0, "logo-url": None,
    "original-image-url": None, "is-map-shown": True, "is-oneclick-signup-enabled": False,
    "is-sponsors-enabled": False, "is-ticket-form-enabled": False, "is-badges-enabled": False,
    "is-cfs-enabled": False, "is-videoroom-enabled": False, "is-sessions-speakers-enabled": False,
    "is-featured": False, "is-promoted": False, "is-demoted": False, "is-chat-enabled": False,
    "is-billing-info-mandatory": False, "is-document-enabled": False, "is-announced": False,
    "is-tax-enabled": False, "can-pay-by-paypal": False, "can-pay-by-paytm": False,
    "can-pay-by-stripe": False, "is-stripe-linked": None, "can-pay-by-cheque": False,
    "can-pay-by-invoice": False, "can-pay-by-bank": False, "can-pay-by-omise": False,
    "can-pay-by-alipay": False, "can-pay-onsite": False, "payment-country": None,
    "payment-currency": "USD", "paypal-email": None, "cheque-details": None, "invoice-details": None,
    "bank-details": None, "onsite-details": None, "refund-policy": None, "schedule-published-on": None,
    "has-owner-info": False, "owner-name": None, "owner-description": None, "external-event-url": None,
    "ticket-url": None, "code-of-conduct": None, "state": "draft", "privacy": "public", "online": False,
    "chat-room-name": None, "deleted-at": None, "document-links": None,
}  # fmt: skip

# The user's attributes the profile form sends back (app/models/user.js, without the read-only ones;
# "prefrence" is the frontend's spelling).
USER_ATTRIBUTES = (
    "email", "password", "is-verified", "is-blocked", "is-profile-public", "is-admin", "is-user-owner",
    "is-user-organizer", "is-user-coorganizer", "is-user-track-organizer", "is-user-moderator",
    "is-user-registrar", "is-sales-admin", "is-marketer", "was-registered-with-order", "first-name",
    "last-name", "public-name", "details", "contact", "language-prefrence", "avatar-url", "icon-image-url",
    "small-image-url", "thumbnail-image-url", "original-image-url", "facebook-url", "instagram-url",
    "twitter-url", "google-plus-url", "deleted-at", "billing-contact-name", "billing-phone",
    "billing-country", "company", "billing-address", "billing-city", "billing-zip-code",
    "billing-tax-info", "billing-additional-info", "billing-state",
)  # fmt: skip


class Frontend:
    """The frontend's adapter: its headers, its token, its documents."""

    def __init__(self):
        self.client = Client(HTTP_ORIGIN=ORIGIN)
        self.token = ""

    def headers(self) -> dict:
        auth = {"HTTP_AUTHORIZATION": f"JWT {self.token}"} if self.token else {}
        return {"HTTP_ACCEPT": JSONAPI, **auth}

    def get(self, path: str, **query):
        return self.client.get(path, query, **self.headers())

    def send(self, method: str, path: str, document: dict):
        body = json.dumps(document)
        return getattr(self.client, method)(path, body, content_type=JSONAPI, **self.headers())

    def login(self, email: str, password: str) -> dict:
        body = {"username": email, "password": password, "remember-me": True, "include-in-response": True}
        answer = self.client.post("/auth/session", body, content_type="application/json")
        assert answer.status_code == 200, answer.content
        self.token = answer.json()["access_token"]
        return answer.json()

    def upload_image(self, data: bytes, media_type: str = "image/jpeg") -> str:
        """The image widget: ``loader.post('/upload/image', {data})`` (JSON, the adapter's headers)."""
        body = json.dumps({"data": f"data:{media_type};base64,{base64.b64encode(data).decode()}"})
        answer = self.client.post("/v1/upload/image", body, content_type="application/json", **self.headers())
        assert answer.status_code == 201, answer.content
        return answer.json()["url"]

    def upload_file(self, data: bytes, name: str) -> str:
        """The file widget: ``loader.uploadFile('/upload/files', <input name="file">)``, multipart."""
        sent = {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")}
        answer = self.client.post("/v1/upload/files", sent, **self.headers())
        assert answer.status_code == 201, answer.content
        return answer.json()["url"]


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def event_document(attributes: dict, *, original_id: str | None = None) -> dict:
    """The event serializer's document: every attribute, the identifier left out, ``id`` restored."""
    data = {"type": "event", "attributes": {**EVENT_ATTRIBUTES, **attributes}, "relationships": {}}
    if original_id is not None:
        data["id"] = original_id
    return {"data": data}


def served(frontend: Frontend, url: str) -> bytes:
    answer = frontend.client.get(urlsplit(url).path)
    assert answer.status_code == 200, url
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


@pytest.fixture
def frontend(db) -> Frontend:
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    frontend = Frontend()
    tokens = frontend.login("demo@example.com", "demo")
    assert set(tokens) >= {"access_token", "refresh_token"}
    return frontend


def test_the_demo_runs_its_own_event_model():
    assert get_event_model() is Event


def test_login_loads_the_user_and_refreshes(frontend):
    identity = claims(frontend.token)["identity"]
    user = frontend.get(f"/v1/users/{identity}")
    assert user.status_code == 200 and user["Access-Control-Allow-Origin"] == ORIGIN
    attributes = user.json()["data"]["attributes"]
    assert attributes["email"] == "demo@example.com" and attributes["is-verified"] is True
    refresh_token = frontend.login("demo@example.com", "demo")["refresh_token"]
    refresh = frontend.client.post(
        "/v1/auth/token/refresh", {"refresh_token": refresh_token}, content_type="application/json"
    )
    assert refresh.status_code == 200 and claims(refresh.json()["access_token"])["identity"] == identity
    frontend.token = "forged." + frontend.token.split(".", 1)[1]
    assert frontend.get(f"/v1/users/{identity}").status_code == 401


def test_the_home_page_and_the_wizard_render(frontend):
    assert frontend.get("/v1/settings", cache="true", public="true").json()["data"]["type"] == "setting"
    home = frontend.get(
        "/v1/events", include="event-topic,event-sub-topic,event-type,speakers-call",
        filter=json.dumps([{"name": "state", "op": "eq", "val": "published"}]), **{"page[size]": "6"},
        sort="starts-at",
    )  # fmt: skip
    assert home.status_code == 200 and home.json()["meta"]["count"] == 1
    for path in ("/v1/events/upcoming", "/v1/groups", "/v1/pages", "/v1/event-types", "/v1/event-topics"):
        assert frontend.get(path).json()["data"] == [], path


def test_the_wizard_creates_an_event_with_a_header_image_and_a_logo_then_removes_the_logo(frontend):
    header = frontend.upload_image(images.jpeg((1600, 900)))  # cropped in the browser: a JPEG data URI
    logo = frontend.upload_image(images.png_rgba((400, 400)), "image/png")
    wizard = {
        "name": "Open Source Summit", "description": "<p>Talks</p>", "starts-at": "2027-03-01T09:00:00Z",
        "ends-at": "2027-03-02T18:00:00Z", "timezone": "Europe/Berlin", "original-image-url": header,
        "logo-url": logo, "privacy": "private",
    }  # fmt: skip
    created = frontend.send("post", "/v1/events", event_document(wizard))
    assert created.status_code == 201, created.content
    record = created.json()["data"]
    attributes = record["attributes"]
    identifier = attributes["identifier"]
    assert (attributes["state"], attributes["privacy"], attributes["timezone"]) == (
        "draft",
        "private",
        "Europe/Berlin",
    )
    assert attributes["description"] == "<p>Talks</p>" and attributes["logo-url"]
    assert (
        attributes["thumbnail-image-url"] and attributes["large-image-url"] and attributes["icon-image-url"]
    )
    # The frontend then opens the event by its identifier (its store's id).
    opened = frontend.get(f"/v1/events/{identifier}").json()["data"]
    assert opened["attributes"]["original-image-url"] == attributes["original-image-url"]
    for part in ("speakers", "sessions", "exhibitors"):
        assert frontend.get(f"/v1/events/{identifier}/{part}", **{"page[size]": "1"}).json()["data"] == []
    assert frontend.client.get(f"/v1/events/{identifier}/has-streams").json() == {
        "exists": False, "can_access": False,
    }  # fmt: skip
    # "Remove" on the logo: the whole record sent back with logo-url null, to /v1/events/{identifier}.
    sent_back = {k: v for k, v in attributes.items() if k in EVENT_ATTRIBUTES}
    removed = frontend.send(
        "patch",
        f"/v1/events/{identifier}",
        event_document({**sent_back, "logo-url": None}, original_id=record["id"]),
    )
    assert removed.status_code == 200, removed.content
    assert removed.json()["data"]["attributes"]["logo-url"] is None
    assert removed.json()["data"]["attributes"]["original-image-url"] == attributes["original-image-url"]
    event = Event.objects.get(identifier=identifier)
    assert list(EventImage.objects.filter(event_id=event.pk).values_list("kind", flat=True)) == ["background"]
    # Publishing sends the record as the last answer left it (no logo).
    shown = {k: v for k, v in removed.json()["data"]["attributes"].items() if k in EVENT_ATTRIBUTES}
    published = frontend.send(
        "patch",
        f"/v1/events/{identifier}",
        event_document({**shown, "state": "published"}, original_id=record["id"]),
    )
    assert published.json()["data"]["attributes"]["state"] == "published"


def test_field_errors_are_422_with_pointers(frontend):
    refused = frontend.send("post", "/v1/events", event_document({"name": "", "timezone": "Mars/Olympus"}))
    assert refused.status_code == 422
    pointers = {error["source"]["pointer"] for error in refused.json()["errors"]}
    assert pointers == {"/data/attributes/name", "/data/attributes/timezone"}
    assert not Event.objects.exclude(name="EventMedia Demo Conference").exists()


def test_the_profile_sets_and_removes_the_avatar(frontend):
    identity = claims(frontend.token)["identity"]
    attributes = frontend.get(f"/v1/users/{identity}").json()["data"]["attributes"]
    sent_back = {name: attributes.get(name) for name in USER_ATTRIBUTES}
    avatar = frontend.upload_image(images.jpeg((800, 800)))
    document = {
        "data": {"type": "user", "id": str(identity), "attributes": {**sent_back, "avatar-url": avatar}}
    }
    changed = frontend.send("patch", f"/v1/users/{identity}", document)
    assert changed.status_code == 200, changed.content
    assert changed.json()["data"]["attributes"]["thumbnail-image-url"] and UserImage.objects.exists()
    shown = changed.json()["data"]["attributes"]
    document["data"]["attributes"] = {**{n: shown.get(n) for n in USER_ATTRIBUTES}, "avatar-url": None}
    removed = frontend.send("patch", f"/v1/users/{identity}", document)
    assert removed.status_code == 200 and removed.json()["data"]["attributes"]["avatar-url"] is None
    assert not UserImage.objects.exists()


def test_a_sessions_slides_are_uploaded_attached_listed_and_removed(frontend, settings):
    event = Event.objects.get()
    created = frontend.send("post", "/v1/sessions", {"data": {
        "type": "session",
        "attributes": {
            "title": "Keynote", "subtitle": None, "short-abstract": None, "slides": None, "state": "draft",
        },
        "relationships": {"event": {"data": {"type": "event", "id": event.identifier}}},
    }})  # fmt: skip
    assert created.status_code == 201, created.content
    session = created.json()["data"]
    assert session["relationships"]["event"]["data"] == {"type": "event", "id": event.identifier}
    # The session form: "Add Session document" adds an empty row, the file widget fills its link.
    talk = frontend.upload_file(documents.pdf(), "talk.pdf")
    legacy = frontend.upload_file(documents.ppt(), "old.ppt")
    slides = [{"name": "Talk", "link": talk}, {"name": "Old deck", "link": legacy}, {"name": "", "link": ""}]
    attributes = {**session["attributes"], "slides": slides, "slides-url": talk}
    patched = frontend.send(
        "patch",
        f"/v1/sessions/{session['id']}",
        {"data": {"type": "session", "id": session["id"], "attributes": attributes}},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["data"]["attributes"]["slides"] == slides
    assert KeptFile.objects.count() == 2 and served(frontend, talk).startswith(
        b"%PDF"
    )
    listed = frontend.get(f"/v1/events/{event.identifier}/sessions", **{"page[size]": "10"}).json()
    assert [item["id"] for item in listed["data"]] == [session["id"]] and listed["meta"]["count"] == 1
    # Someone else's upload, or any other URL, is refused on its attribute.
    foreign = frontend.send("patch", f"/v1/sessions/{session['id']}", {"data": {
        "type": "session", "id": session["id"], "attributes": {"slides-url": "https://elsewhere.example/x.pdf"},
    }})  # fmt: skip
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["source"]["pointer"] == "/data/attributes/slides-url"
    # "Remove" on a document: the list sent without it; its files go.
    old_deck = KeptFile.objects.get(file__endswith=".ppt")
    media = Path(settings.MEDIA_ROOT)
    fewer = {**attributes, "slides": slides[:1]}
    frontend.send(
        "patch",
        f"/v1/sessions/{session['id']}",
        {"data": {"type": "session", "id": session["id"], "attributes": fewer}},
    )
    assert Session.objects.get().slides == slides[:1] and not (media / old_deck.file.name).exists()
    assert frontend.client.delete(f"/v1/sessions/{session['id']}", **frontend.headers()).status_code == 204
    assert not KeptFile.objects.exists() and not (media / talk.split("/media/", 1)[1]).exists()
