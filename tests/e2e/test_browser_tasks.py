"""An Instagram import on a real RQ worker, its progress shown live in the demo page and the admin."""

import pytest

from eventmedia.models import Event, EventImage
from project.instagram_standin import StandIn
from tests import accounts, servers, workers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server, settings, django_user_model, media_root, tmp_path):
    """A connected organizer, the stand-in, a Redis server and one worker on this test's database."""
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.com", "secret-pw")
    with StandIn(redirect_uri=f"{live_server.url}/instagram/callback/") as standin:
        settings.EVENTMEDIA = {"INSTAGRAM": {**standin.settings(), "BACKOFF": 0.01}}
        accounts.connect(organizer, standin)
        standin.image_delay = 0.8  # slow enough to watch the progress move
        with servers.redis_server(tmp_path) as redis:
            workers.use_rq(settings, redis)
            worker = workers.Worker(workers.environment(settings, media_root, redis))
            try:
                yield organizer
            finally:
                worker.stop()


def log_in(page, live_server, next_path):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")


def import_and_watch(page, picker, screenshot, name):
    picker.locator("[data-media-id='17900000000000001'] input").check()
    picker.locator("[data-media-id='17900000000000002'] input").check()
    picker.get_by_role("button", name="Import as event background").click()
    progress = page.locator("[data-testid=task-progress]")
    progress.wait_for()
    page.evaluate("window.eventmediaTestMarker = 'same page'")  # gone if the page reloads
    page.wait_for_function(
        "() => document.querySelector('[data-testid=task-progress]').dataset.state === 'done'",
        timeout=60_000,
    )
    assert page.evaluate("window.eventmediaTestMarker") == "same page"
    assert "Done: 2 image(s) imported." in progress.inner_text()
    assert progress.locator("progress").evaluate("bar => bar.value === bar.max")
    for media_id in ("17900000000000001", "17900000000000002"):  # marked now, without a reload
        item = picker.locator(f"[data-media-id='{media_id}']")
        assert item.get_attribute("data-imported") == "true"
        assert "(imported)" in item.inner_text()
        assert not item.locator("input").is_checked()
    assert picker.locator("[data-media-id='17900000000000003']").get_attribute("data-imported") is None
    screenshot(name)
    progress.get_by_role("link", name="Show them").click()  # now a reload shows the new images
    page.wait_for_load_state()


def test_demo_page_shows_the_import_progress_without_reloading(live_server, setup, page, screenshot):
    event = Event.objects.create(name="Worker Conf", owner=setup)
    log_in(page, live_server, f"/events/{event.pk}/instagram/")
    picker = page.locator("[data-testid=instagram-picker]")
    import_and_watch(page, picker, screenshot, "demo-import-done")
    assert EventImage.objects.filter(event=event).count() == 2


def test_admin_panel_shows_the_import_progress_without_reloading(live_server, setup, page, screenshot):
    event = Event.objects.create(name="Admin Worker Conf", owner=setup)
    log_in(page, live_server, f"/admin/eventmedia/event/{event.pk}/change/")
    picker = page.locator("[data-testid=admin-instagram] [data-testid=instagram-picker]")
    import_and_watch(page, picker, screenshot, "admin-import-done")
    assert EventImage.objects.filter(event=event).count() == 2
