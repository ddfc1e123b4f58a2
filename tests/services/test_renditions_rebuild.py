"""Rebuilding renditions after RENDITIONS changes: services, admin action, management command."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from eventmedia import services
from eventmedia.models import Event, EventImage
from tests import images

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def image(user):
    event = Event.objects.create(name="Ev", owner=user)
    return services.save_event_image(
        event=event, processed=services.process_image_bytes(images.jpeg((1600, 900)))
    )


def test_command_rebuilds_with_new_specs_and_removes_old_files(image, settings, files):
    old = set(image.renditions.storage_names())
    settings.EVENTMEDIA = {"RENDITIONS": {"event": {"hero": (800, None), "icon": (40, None)}, "avatar": {}}}
    out = io.StringIO()
    call_command("eventmedia_rebuild_renditions", stdout=out)
    image.refresh_from_db()
    assert {n: r.width for n, r in image.renditions.items()} == {"hero": 800, "icon": 40}
    assert "Rebuilt 1 image(s), 0 failed." in out.getvalue() and "events: 1/1" in out.getvalue()
    remaining = set(files())
    assert not (old & remaining) and all(name in remaining for name in image.renditions.storage_names())


def test_admin_action_reports_rebuilt_and_failed(image, client, django_user_model, settings):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "pw"))
    broken = services.save_event_image(
        event=image.event, processed=services.process_image_bytes(images.jpeg((300, 200)))
    )
    broken.file.storage.delete(broken.file.name)  # its original is gone: it must be reported
    settings.EVENTMEDIA = {"RENDITIONS": {"event": {"small": (100, None)}, "avatar": {}}}
    response = client.post(
        reverse("admin:eventmedia_eventimage_changelist"),
        {"action": "rebuild_renditions", "_selected_action": [image.pk, broken.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Rebuilt the renditions of 1 image." in page
    assert f"Could not rebuild: {broken.pk}" in page
    image.refresh_from_db()
    assert list(image.renditions) == ["small"]
    assert EventImage.objects.get(pk=broken.pk).renditions.keys() == {"large", "banner", "thumbnail", "icon"}
