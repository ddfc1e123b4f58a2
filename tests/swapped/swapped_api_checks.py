"""Run by tests/site/test_swapped_event_model.py under tests.swapped.settings (not collected directly)."""

import pytest
from rest_framework.test import APIClient

from eventmedia.models import EventImage, get_event_model
from tests import documents, images
from tests.swapped.models import Conference, Series

pytestmark = pytest.mark.django_db(transaction=True)


def test_event_model_is_the_sites():
    assert get_event_model() is Conference
    assert EventImage._meta.get_field("event").related_model is Conference


def test_media_endpoints_work_with_the_sites_event_model(user, other_user, files):
    conference = Conference.objects.create(title="DjangoCon", series=Series.objects.create(name="DjangoCon"))
    conference.organizers.add(user)
    organizer, outsider = APIClient(), APIClient()
    organizer.force_authenticate(user)
    outsider.force_authenticate(other_user)
    base = f"/v1/events/{conference.pk}"
    payload = {"kind": "background", "data": images.data_uri(images.jpeg((900, 600)))}
    assert outsider.post(f"{base}/images/", payload, format="json").status_code == 403
    response = organizer.post(f"{base}/images/", payload, format="json")
    assert response.status_code == 201, response.content
    event = APIClient().get(f"{base}/").json()
    assert event["title"] == "DjangoCon" and event["background"]["id"] == response.json()["id"]
    slide = organizer.post(
        f"{base}/slides/", {"title": "t", "data": images.data_uri(documents.pdf())}, format="json"
    )
    assert slide.status_code == 201, slide.content
    assert len(files()) >= 5
    conference.delete()
    assert files() == []


def test_only_the_name_and_dates_of_a_sites_model_are_in_the_api(user, django_user_model, settings):
    series = Series.objects.create(name="PyCon")
    conference = Conference.objects.create(
        title="PyCon", series=series, venue="Hall 4", internal_notes="budget"
    )
    body = APIClient().get(f"/v1/events/{conference.pk}/").json()
    assert set(body) == {"id", "title", "background", "logo"}  # no venue, no notes, no series
    signed_in = APIClient()
    signed_in.force_authenticate(user)
    assert signed_in.post("/v1/events/", {"title": "Mine"}, format="json").status_code == 403  # staff only
    staff = APIClient()
    staff.force_authenticate(django_user_model.objects.create_user("staff", password="pw", is_staff=True))
    refused = staff.post("/v1/events/", {"title": "New"}, format="json")
    assert refused.status_code == 400  # not an IntegrityError 500
    assert refused.json()["series"][0]["code"] == "required"
    assert not Conference.objects.filter(title="New").exists()
    settings.EVENTMEDIA = {
        **settings.EVENTMEDIA,
        "EVENT_SERIALIZER": "tests.swapped.serializers.ConferenceSerializer",
    }
    assert APIClient().get(f"/v1/events/{conference.pk}/").json()["venue"] == "Hall 4"
    settings.EVENTMEDIA = {
        **settings.EVENTMEDIA,
        "EVENT_CREATE_PERMISSION": "rest_framework.permissions.IsAuthenticated",
    }
    assert (
        signed_in.post("/v1/events/", {"title": "Mine"}, format="json").status_code == 400
    )  # allowed, still no series
