"""JSON:API promises a one-line change could break silently: content
negotiation among several types, non-field errors without a made-up pointer, and a document whose id
is not the URL's refused for every resource."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from eventmedia import services
from eventmedia.models import Slide
from tests import documents

pytestmark = pytest.mark.django_db

JSONAPI = "application/vnd.api+json"


def send(client, method: str, path: str, document: dict):
    return getattr(client, method)(path, json.dumps(document), content_type=JSONAPI)


def test_an_accept_header_listing_json_api_among_others_gets_json_api(user, event):
    client = APIClient(HTTP_ACCEPT=f"application/json;q=0.9, {JSONAPI}, */*;q=0.1")
    client.force_authenticate(user)
    answer = client.get(f"/v1/events/{event.pk}")
    assert answer["Content-Type"].startswith(JSONAPI)
    assert answer.json()["data"]["type"] == "event" and answer.json()["data"]["id"] == str(event.pk)


def test_a_non_field_error_points_at_no_made_up_attribute(client_, settings):
    settings.EVENTMEDIA = {"EVENT_SERIALIZER": "tests.api.refusing_serializer.RefusingEventSerializer"}
    answer = send(client_, "post", "/v1/events", {"data": {"type": "event", "attributes": {"name": "X"}}})
    assert answer.status_code == 400  # about the request, not one attribute: Ember Data's plain failure
    (error,) = answer.json()["errors"]
    assert error["detail"] == "Events are closed for this season." and "source" not in error


@pytest.fixture
def slide(event, user):
    data = documents.pdf()
    sniffed = services.check_document_bytes(data)
    return services.add_slide(event=event, title="Keynote", data=data, sniffed=sniffed, user=user)


@pytest.mark.parametrize("resource", ["event", "user", "slide"])
def test_a_document_whose_id_is_not_the_urls_is_a_conflict(client_, event, user, slide, resource):
    path = {
        "event": f"/v1/events/{event.pk}",
        "user": f"/v1/users/{user.pk}",
        "slide": f"/v1/events/{event.pk}/slides/{slide.pk}",
    }[resource]
    document = {
        "data": {"type": resource, "id": "999999", "attributes": {"title": "Changed", "name": "Changed"}}
    }
    answer = send(client_, "patch", path, document)
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["code"] == "type_conflict"
    event.refresh_from_db()
    assert event.name != "Changed" and Slide.objects.get(pk=slide.pk).title == "Keynote"
