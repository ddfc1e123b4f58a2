"""The Connect Instagram button in each state, the demo's import page, and the admin panel's picker."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from eventmedia.contrib.instagram.models import InstagramAccount
from eventmedia.models import Event, EventImage, ImageKind

pytestmark = pytest.mark.django_db(transaction=True)


def button(user) -> str:
    request = RequestFactory().get("/events/1/")
    request.user = user
    html = Template("{% load eventmedia_instagram %}{% instagram_connect_button %}").render(
        Context({"request": request})
    )
    return html


def connect_account(user, instagram, **extra):
    now = timezone.now()
    account = InstagramAccount(
        user=user,
        instagram_user_id="1",
        username="conf_account",
        token_issued_at=now,
        token_expires_at=now + timedelta(days=60),
        **extra,
    )
    account.token = instagram.issue_token()
    account.save()
    return account


def test_button_states(user, instagram, settings):
    assert 'data-state="disconnected"' in button(user) and "/instagram/connect/?next=/events/1/" in button(
        user
    )
    account = connect_account(user, instagram)
    html = button(user)
    assert 'data-state="connected"' in html and "@conf_account" in html and "Disconnect" in html
    assert account.token not in html
    account.needs_reconnect = True
    account.save()
    assert "Reconnect Instagram" in button(user)
    settings.EVENTMEDIA = {"INSTAGRAM": {"CLIENT_ID": ""}}
    assert 'data-state="unconfigured"' in button(user) and "not configured" not in button(user)
    user.is_staff = True  # the site's business: staff are told
    assert "Instagram is not configured" in button(user)


@pytest.fixture
def staff_organizer(client, django_user_model):
    user = django_user_model.objects.create_superuser("org", "o@example.com", "pw")
    client.force_login(user)
    return client, user


def test_demo_page_lists_posts_and_imports(staff_organizer, instagram):
    client, user = staff_organizer
    connect_account(user, instagram)
    event = Event.objects.create(name="Ev", owner=user)
    page = client.get(f"/events/{event.pk}/instagram/").content.decode()
    assert 'data-media-id="17900000000000001"' in page and "Older posts" in page
    response = client.post(
        f"/events/{event.pk}/instagram/", {"media_ids": ["17900000000000006"]}, follow=True
    )
    assert "Imported 1 image from Instagram." in response.content.decode()
    assert event.background.external_id == "17900000000000006"


def test_the_picker_marks_posts_already_imported_into_this_event(staff_organizer, instagram):
    client, user = staff_organizer
    connect_account(user, instagram)
    event, other = Event.objects.create(name="Ev", owner=user), Event.objects.create(name="Other", owner=user)
    client.post(f"/events/{event.pk}/instagram/", {"media_ids": ["17900000000000001"]})
    page = client.get(f"/events/{event.pk}/instagram/").content.decode()
    assert 'data-media-id="17900000000000001" data-imported="true"' in page and "(imported)" in page
    assert 'data-media-id="17900000000000002" data-imported' not in page
    elsewhere = client.get(f"/events/{other.pk}/instagram/").content.decode()
    assert "data-imported" not in elsewhere  # imported into another event only
    admin = client.get(f"/admin/eventmedia/event/{event.pk}/change/").content.decode()
    assert 'data-media-id="17900000000000001" data-imported="true"' in admin


def test_demo_page_is_for_the_event_managers(client, django_user_model, instagram, user):
    event = Event.objects.create(name="Ev", owner=user)
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    client.force_login(stranger)
    assert client.get(f"/events/{event.pk}/instagram/").status_code == 403


def test_admin_panel_imports_from_instagram(staff_organizer, instagram):
    client, user = staff_organizer
    connect_account(user, instagram)
    event = Event.objects.create(name="Ev", owner=user)
    change = reverse("admin:eventmedia_event_change", args=[event.pk])
    page = client.get(change).content.decode()
    assert 'data-testid="admin-instagram"' in page and "@conf_account" in page
    url = reverse("admin:eventmedia_event_media_instagram", args=[event.pk])
    response = client.post(url, {"media_ids": ["17900000000000004", "17900000000000005"]}, follow=True)
    text = response.content.decode()
    assert "Imported 3 images from Instagram." in text and "17900000000000005 (no_image)" in text
    assert EventImage.objects.get(kind=ImageKind.BACKGROUND).external_id == "17900000000000041"
