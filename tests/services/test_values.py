"""The value objects with one home each: the focal point (checked once, for the API and the admin)
and the stored image's facts (written once, carried whole, shown by one serializer)."""

from __future__ import annotations

import math

import pytest

from eventmedia import services
from eventmedia.api.serializers import EventImageSerializer, StoredImageSerializer, UploadedImageSerializer
from eventmedia.imaging.crops import FocalPoint
from eventmedia.models import EventImage, ImageKind
from tests import images


@pytest.mark.parametrize(
    "value, point",
    [({"x": 0, "y": 1}, (0.0, 1.0)), ((0.25, 0.75), (0.25, 0.75)), (["0.5", "0.5"], (0.5, 0.5))],
)
def test_a_focal_point_is_two_numbers_in_0_to_1(value, point):
    assert FocalPoint.parse(value) == point


@pytest.mark.parametrize(
    "value",
    [
        {"x": 0.5, "y": 1.5},
        {"x": -0.1, "y": 0.5},
        {"x": math.nan, "y": 0.5},
        {"x": 0.5, "y": math.inf},
        {"x": 0.5},
        {"x": 0.5, "y": 0.5, "z": 0},
        ("a", "b"),
        None,
        (0.5,),
    ],
)
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError):
        FocalPoint.parse(value)


def test_a_broken_stored_focal_point_reads_as_none():
    assert FocalPoint.from_json({"x": 3, "y": 0}) is None and FocalPoint.from_json(None) is None
    assert FocalPoint.from_json({"x": 0.1, "y": 0.2}).css_position() == "10.0% 20.0%"


@pytest.mark.django_db
def test_the_api_refuses_a_y_outside_0_to_1(api, event):
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    detail = f"/v1/events/{event.pk}/images/{image.pk}/"
    refused = api.patch(detail, {"focal_point": {"x": 0.5, "y": 1.01}}, format="json")
    assert refused.status_code == 400 and refused.json()["focal_point"]["y"][0]["code"] == "max_value"
    assert EventImage.objects.get(pk=image.pk).focal_point is None


@pytest.mark.django_db
def test_the_admin_refuses_a_y_outside_0_to_1(client, django_user_model, event):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    url = f"/admin/eventmedia/event/{event.pk}/media/{image.pk}/focal/"
    answer = client.post(url, {"x": "0.5", "y": "1.5"}, follow=True)
    assert "Click on the image to set its focal point." in answer.content.decode()
    assert EventImage.objects.get(pk=image.pk).focal_point is None
    client.post(url, {"x": "0.123456", "y": "1"})
    assert EventImage.objects.get(pk=image.pk).focal_point == {"x": 0.1235, "y": 1.0}


@pytest.mark.django_db
def test_an_attached_upload_carries_its_facts_whole(event, user):
    upload = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    facts = upload.facts
    image = services.attach_image_upload(upload, event=event, kind=ImageKind.BACKGROUND)
    assert EventImage.objects.get(pk=image.pk).facts == facts
    assert facts.placeholder and set(facts.renditions) == {"large", "banner", "thumbnail", "icon"}


def test_every_answer_that_shows_an_image_shows_the_same_facts():
    facts = set(StoredImageSerializer().fields)
    assert facts == {"url", "width", "height", "format", "bytes", "renditions", "placeholder"}
    for serializer in (UploadedImageSerializer(), EventImageSerializer()):
        assert facts <= set(serializer.fields)
        for name in facts:
            assert type(serializer.fields[name]) is type(StoredImageSerializer().fields[name]), name
