"""Text the database cannot hold (a NUL byte, a value longer than its column) never fails a write
with a 500, nor loses an import: from the admin, from Meta's answers. Run on SQLite and, by .ci/run,
on PostgreSQL (which refuses NUL in text)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eventmedia.contrib.instagram.models import InstagramAccount
from eventmedia.models import EventImage
from project.instagram_standin import Post
from tests import accounts, images
from tests.accounts import callback_path, press, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))
    return client


def panel_upload(staff, event, caption: str):
    upload = SimpleUploadedFile("stage.jpg", images.jpeg((900, 600)), content_type="image/jpeg")
    return staff.post(
        reverse("admin:eventmedia_event_media_upload", args=[event.pk]),
        {"file": upload, "kind": "gallery", "caption": caption},
        follow=True,
    )


def test_a_caption_longer_than_its_column_is_refused_in_the_admin_panel(staff, event, files):
    response = panel_upload(staff, event, "x" * 5000)
    assert response.status_code == 200
    assert "The caption is too long: at most 500 characters." in response.content.decode()
    assert not EventImage.objects.exists() and files() == []


def test_control_characters_of_an_admin_caption_are_left_out(staff, event):
    assert panel_upload(staff, event, "Main\x00 stage\x07").status_code == 200
    assert EventImage.objects.get().caption == "Main stage"


def test_one_post_with_a_nul_caption_loses_nothing_else(api, user, event, instagram):
    good = instagram.posts[0]
    instagram.posts[:] = [
        Post("17900000000000101", caption="Keynote\x00 crowd " + "y" * 3000, image=good.image),
        good,
    ]
    accounts.connect(user, instagram)
    ids = ["17900000000000101", good.id]
    response = api.post(f"/v1/events/{event.pk}/instagram-import", {"media_ids": ids}, format="json")
    assert response.status_code in (200, 201, 202), response.content
    imported = {image.external_id: image.caption for image in EventImage.objects.filter(event_id=event.pk)}
    assert set(imported) == {"17900000000000101", good.id}
    assert (
        imported["17900000000000101"].startswith("Keynote crowd yyy")
        and len(imported["17900000000000101"]) == 500
    )


def test_a_username_longer_than_its_column_connects(organizer, instagram, user):
    instagram.username = "u" * 150 + "\x00"
    response = organizer.get(callback_path(press(instagram, start(organizer))))
    assert response.status_code == 302
    assert InstagramAccount.objects.get(user=user).username == "u" * 100
