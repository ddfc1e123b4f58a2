"""Connect Instagram in a real browser against the stand-in, import posts, see the new background."""

import re

import pytest

from eventmedia.models import Event, EventImage, ImageKind
from project.instagram_standin import StandIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def instagram_live(live_server, settings):
    with StandIn(redirect_uri=f"{live_server.url}/instagram/callback/") as standin:
        settings.EVENTMEDIA = {"INSTAGRAM": {**standin.settings(), "BACKOFF": 0.01}}
        yield standin


def log_in(page, live_server, next_path):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")


def test_connect_instagram_and_import_a_background(
    live_server, instagram_live, page, screenshot, django_user_model
):
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.com", "secret-pw")
    event = Event.objects.create(name="Instagram Conf", owner=organizer)
    log_in(page, live_server, f"/events/{event.pk}/")
    page.click("[data-testid=instagram-link]")
    button = page.locator("[data-testid=instagram-button]")
    assert button.get_attribute("data-state") == "disconnected"
    button.get_by_role("link", name="Connect Instagram").click()

    page.wait_for_url(f"{instagram_live.url}/oauth/authorize*")  # Instagram's page (the stand-in)
    screenshot("instagram-authorize")
    page.click("#allow")

    page.wait_for_url(f"{live_server.url}/events/{event.pk}/instagram/")
    assert (
        "Instagram connected as @eventmedia_demo_conf" in page.locator("[data-testid=messages]").inner_text()
    )
    assert button.get_attribute("data-state") == "connected"
    picker = page.locator("[data-testid=instagram-picker]")
    thumbnails = picker.locator("img")
    assert thumbnails.count() == 3
    assert thumbnails.first.evaluate("img => img.complete && img.naturalWidth") == 1080  # from the CDN
    screenshot("instagram-picker")

    picker.locator("[data-media-id='17900000000000002'] input").check()
    picker.locator("[data-media-id='17900000000000003'] input").check()
    picker.get_by_role("button", name="Import as event background").click()

    page.wait_for_url(f"{live_server.url}/events/{event.pk}/")
    assert "Imported 2 images from Instagram." in page.locator("[data-testid=messages]").inner_text()
    background = EventImage.objects.get(event=event, kind=ImageKind.BACKGROUND)
    assert background.external_id == "17900000000000002" and background.source == "instagram"
    hero = page.locator("[data-testid=event-hero]")
    assert background.rendition_url("banner") in hero.get_attribute("style")
    width = page.evaluate(
        """url => new Promise(done => { const i = new Image(); i.onload = () => done(i.naturalWidth);
        i.onerror = () => done(0); i.src = url; })""",
        hero.get_attribute("data-background"),
    )
    assert width == 1080  # our own copy, served by the site: 1080 px is never upscaled to 1300
    screenshot("event-with-instagram-background")

    # The same picker in the admin's media panel: no list bullets from the admin's own styles.
    page.goto(f"{live_server.url}/admin/eventmedia/event/{event.pk}/change/")
    item = page.locator("[data-testid=admin-instagram] [data-media-id]").first
    assert item.evaluate("li => getComputedStyle(li).listStyleType") == "none"


def test_cancel_on_instagram_comes_back_with_a_message(live_server, instagram_live, page, django_user_model):
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.com", "secret-pw")
    event = Event.objects.create(name="Cancel Conf", owner=organizer)
    log_in(page, live_server, f"/events/{event.pk}/instagram/")
    page.get_by_role("link", name="Connect Instagram").click()
    page.click("#deny")
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/events/{event.pk}/instagram/(#_)?$"))
    assert "you cancelled on Instagram" in page.locator("[data-testid=messages]").inner_text()
