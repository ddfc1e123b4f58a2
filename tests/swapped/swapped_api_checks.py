"""Run by tests/test_swapped_event_model.py under tests.swapped.settings (not collected directly)."""

import pytest
from rest_framework.test import APIClient

from eventmedia.models import EventImage, get_event_model
from tests import documents, images
from tests.swapped.models import Conference

pytestmark = pytest.mark.django_db(transaction=True)


def test_event_model_is_the_sites():
    assert get_event_model() is Conference
    assert EventImage._meta.get_field("event").related_model is Conference


def test_media_endpoints_work_with_the_sites_event_model(user, other_user, files):
    conference = Conference.objects.create(title="DjangoCon")
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
