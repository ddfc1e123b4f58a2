"""Open Event's own frontend, built from its source, driven in Chromium against the demo (``make frontend``).

Not collected by ``make test`` (the app takes minutes to build): ``make frontend`` builds it once into
``.cache/open-event-frontend`` with the demo's API address baked in (``FRONTEND_API``), then runs this
module with the demo's settings (tests.demo_site.frontend_settings) and its live server on that address.
The organizer's story, as a person would click it, a screenshot a step under
``test-output/open-event-frontend/``: log in with the demo user's e-mail, create an event in the wizard
with a cropped header image and a logo, remove the logo, open the event's public page by its identifier,
set the profile's avatar and remove it again.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from django.core.management import call_command

from eventmedia.models import EventImage, ImageKind, UserImage
from project.models import Event
from tests import images
from tests.demo_site.frontend_settings import FRONTEND_ORIGIN
from tests.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIST = Path(os.environ.get("OPEN_EVENT_FRONTEND_DIST", ROOT / ".cache/open-event-frontend/src/dist"))
SHOTS = ROOT / "test-output" / "open-event-frontend"
EVENT_NAME = "Open Source Summit"


class AppFiles(http.server.SimpleHTTPRequestHandler):
    """The built app: its files, and index.html for the app's own routes (/create, /e/<id>...)."""

    def send_head(self):
        if not Path(self.translate_path(self.path)).is_file():
            self.path = "/index.html"
        return super().send_head()

    def log_message(self, *args):
        pass


@pytest.fixture
def app():
    if not (DIST / "index.html").is_file():
        pytest.fail(f"no build of open-event-frontend in {DIST}: run make frontend")
    host, port = FRONTEND_ORIGIN.rsplit("/", 1)[1].split(":")
    server = http.server.ThreadingHTTPServer(
        (host, int(port)), functools.partial(AppFiles, directory=str(DIST))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield FRONTEND_ORIGIN
    server.shutdown()
    server.server_close()


@pytest.fixture
def shots(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    taken = []

    def shot(name: str) -> None:
        taken.append(name)
        page.screenshot(path=str(SHOTS / f"{len(taken):02d}-{name}.png"), full_page=True)

    return shot


@pytest.fixture
def api_calls(page, live_server):
    """Every answer of the demo's API the app got: (status, method, path)."""
    calls = []
    page.on(
        "response",
        lambda r: (
            calls.append((r.status, r.request.method, r.url.split("?")[0].removeprefix(live_server.url)))
            if r.url.startswith(live_server.url)
            else None
        ),
    )
    return calls


def accept_crop(page) -> None:
    """The crop dialog of a header image or avatar: "Looks good" once the cropper is ready, then wait
    for the dialog's dimmer to go (it would take the next clicks)."""
    page.locator(".cr-viewport").wait_for()
    page.wait_for_timeout(500)
    page.get_by_text("Looks good").click()
    page.wait_for_function("!document.querySelector('.ui.dimmer.visible.active')")
    settle(page)


def settle(page) -> None:
    """The app renders once its API calls are done."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)


def test_an_organizers_story_in_open_event_frontend(live_server, app, page, shots, api_calls, tmp_path):
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    header, logo, avatar = tmp_path / "header.jpg", tmp_path / "logo.png", tmp_path / "avatar.jpg"
    header.write_bytes(images.jpeg((2160, 1080)))
    logo.write_bytes(images.png_rgba((400, 400), alpha=255))
    avatar.write_bytes(images.jpeg((1000, 1000)))

    # 1. Log in with the demo user's e-mail (the login field refuses anything but an address).
    page.goto(f"{app}/login")
    settle(page)
    page.locator("input[name=email]").click()
    page.keyboard.type("demo@example.com")
    page.locator("input[name=password]").click()
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{app}/")
    settle(page)
    user_menu = page.locator(".ui.dropdown:has(img.nav-bar-image)")  # only for a signed-in user
    user_menu.wait_for()
    assert user_menu.inner_text().strip().startswith("Demo")  # the user's first name, read from /v1/users
    shots("logged-in")

    # 2. The wizard: a name, a header image through the crop dialog, a logo, "Save as draft".
    page.goto(f"{app}/create")
    settle(page)
    page.locator("#name").fill(EVENT_NAME)
    page.locator("input[type=file]").first.set_input_files(str(header))
    accept_crop(page)
    page.locator("input[type=file]").last.set_input_files(str(logo))
    settle(page)
    page.wait_for_selector("img[alt='Selected image'] >> nth=1")
    shots("wizard-with-images")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(f"{app}/events/*")
    settle(page)
    event = Event.objects.get(name=EVENT_NAME)
    assert page.url == f"{app}/events/{event.identifier}"
    kinds = sorted(EventImage.objects.filter(event_id=event.pk).values_list("kind", flat=True))
    assert kinds == [ImageKind.BACKGROUND, ImageKind.LOGO]
    shots("event-dashboard")

    # 3. Remove the logo: "Delete", "Confirm Delete", save; the background stays.
    page.goto(f"{app}/events/{event.identifier}/edit/basic-details")
    settle(page)
    remove_logo = page.locator("button.red:has(i.trash)").last
    remove_logo.click()
    remove_logo.click()
    page.wait_for_function("document.querySelectorAll(\"img[alt='Selected image']\").length === 1")
    shots("logo-removed-in-wizard")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(f"{app}/events/{event.identifier}")
    settle(page)
    kept = EventImage.objects.filter(event_id=event.pk)
    assert [image.kind for image in kept] == [ImageKind.BACKGROUND]

    # 4. The event's public page, by identifier, with the header image's large rendition.
    background = kept.get()
    page.goto(f"{app}/e/{event.identifier}")
    settle(page)
    assert page.get_by_text(EVENT_NAME).first.is_visible()
    large = background.rendition_url("large")
    assert (200, "GET", large) in api_calls, large
    shots("public-event-page")

    # 5. The profile: an avatar (cropped), the names the form requires, "Update Changes"; then removed.
    page.goto(f"{app}/account/profile")
    settle(page)
    page.locator("input[type=file]").first.set_input_files(str(avatar))
    accept_crop(page)
    page.locator("#name").fill("Demo")
    page.locator("#last_name").fill("Organizer")
    page.get_by_role("button", name="Update Changes").click()
    settle(page)
    assert UserImage.objects.filter(user__email="demo@example.com").exists()
    shots("profile-with-avatar")
    page.reload()
    settle(page)
    remove_avatar = page.locator("button.red:has(i.trash)")
    remove_avatar.click()
    remove_avatar.click()
    settle(page)
    page.wait_for_selector("text=Select User Image")
    assert not UserImage.objects.exists()
    shots("profile-avatar-removed")

    assert not [call for call in api_calls if call[0] >= 500], api_calls
    refused = [call for call in api_calls if call[0] >= 400]
    assert not refused, refused
