"""An organizer in a real browser: log in to the admin, upload an event background, see it everywhere."""

import os

import pytest
from PIL import Image

from eventmedia.models import Event, EventImage, ImageKind
from tests import images

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff_organizer(django_user_model):
    return django_user_model.objects.create_superuser("staff_organizer", "o@example.com", "secret-pw")


def log_in(page, live_server, user, event) -> None:
    """Log ``user`` (password "secret-pw") in to the admin, landing on ``event``'s change page."""
    page.goto(f"{live_server.url}/admin/login/?next=/admin/eventmedia/event/{event.pk}/change/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")
    page.wait_for_selector("#eventmedia")


def on_screen(page, selector: str) -> bool:
    """Whether ``selector`` is inside the window as it is scrolled now."""
    box = page.locator(selector).first.bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_refused_panel_upload_says_why_inside_the_window(live_server, page, staff_organizer, tmp_path):
    # A text file named like a photo, on a laptop-sized window: the error must be seen, not scrolled past.
    event = Event.objects.create(name="PyCon Demo", owner=staff_organizer)
    notes = tmp_path / "notes.jpg"
    notes.write_text("minutes of the programme committee")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/eventmedia/event/{event.pk}/change/")
    page.fill("#id_username", "staff_organizer")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")
    form = page.locator("[data-testid=admin-upload-form]")
    form.locator("input[type=file]").set_input_files(str(notes))
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .error")
    assert "not accepted" in page.locator(".messagelist").inner_text()
    assert on_screen(page, ".messagelist .error")
    assert page.locator("#eventmedia .messagelist").count() == 1  # inside the panel that was acted on
    assert not EventImage.objects.exists()


def test_upload_a_background_in_the_admin_and_see_it_on_the_event_page(
    live_server, page, screenshot, staff_organizer, tmp_path
):
    event = Event.objects.create(name="PyCon Demo", owner=staff_organizer)
    photo = tmp_path / "stage.png"
    photo.write_bytes(images.png_opaque((1600, 900)))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/eventmedia/event/{event.pk}/change/")
    page.fill("#id_username", "staff_organizer")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")
    page.wait_for_selector("#eventmedia")
    assert page.locator("[data-testid=admin-background]").inner_text().startswith("No background yet")

    form = page.locator("[data-testid=admin-upload-form]")
    form.locator("input[type=file]").set_input_files(str(photo))
    form.locator("select[name=kind]").select_option("background")
    form.locator("input[name=caption]").fill("Main stage")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    assert "Uploaded stage.png as background (1600 × 900)." in page.locator(".messagelist").inner_text()
    assert on_screen(page, ".messagelist")  # the panel's own message, where the action took us
    background = page.locator("[data-testid=admin-background] img")
    assert background.get_attribute("alt") == "Main stage"
    assert background.evaluate("img => img.complete && img.naturalWidth") > 0  # the file really serves
    screenshot("admin-event-page")

    image = EventImage.objects.get()
    assert image.kind == ImageKind.BACKGROUND and image.format == "jpeg"

    page.goto(f"{live_server.url}/admin/eventmedia/eventimage/")
    thumbnail = page.locator("#result_list img").first
    assert thumbnail.get_attribute("src").endswith(image.renditions["icon"].storage_name.rsplit("/", 1)[-1])
    assert thumbnail.evaluate("img => img.naturalWidth") == 75
    screenshot("admin-image-list")

    page.goto(f"{live_server.url}/events/{event.pk}/")
    hero = page.locator("[data-testid=event-hero]")
    assert image.rendition_url("banner") in hero.get_attribute("style")  # the 3:1 crop, for a header
    loaded = page.evaluate(
        """url => new Promise(done => { const i = new Image(); i.onload = () => done(i.naturalWidth);
        i.onerror = () => done(0); i.src = url; })""",
        hero.get_attribute("data-background"),
    )
    assert loaded == 1600  # the photo's full width (1600 x 533): a banner is never upscaled
    screenshot("event-page")


def test_set_as_logo_and_delete_from_the_gallery(live_server, page, staff_organizer, tmp_path, screenshot):
    from eventmedia import services

    event = Event.objects.create(name="Gallery Demo", owner=staff_organizer)
    image = services.save_event_image(
        event=event, processed=services.process_image_bytes(images.png_rgba((400, 400)))
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/eventmedia/event/{event.pk}/change/")
    page.fill("#id_username", "staff_organizer")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")
    card = page.locator(f"[data-image-id='{image.pk}']")
    card.get_by_role("button", name="Set as logo").click()
    page.wait_for_selector("[data-testid=admin-logo] img")
    assert event.logo == image
    assert "now the event's logo" in page.locator("#eventmedia .messagelist").inner_text()
    assert on_screen(page, "#eventmedia .messagelist")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"[data-image-id='{image.pk}']").get_by_role("button", name="Delete").click()
    page.wait_for_selector(".messagelist .success")
    assert "Image deleted." in page.locator("#eventmedia .messagelist").inner_text()
    assert on_screen(page, "#eventmedia .messagelist")
    assert not EventImage.objects.exists()
    screenshot("after-delete")


def test_a_click_on_an_image_sets_its_focal_point_and_the_banner_is_recut(
    live_server, page, staff_organizer, screenshot
):
    import io

    from PIL import Image

    from eventmedia import services

    event = Event.objects.create(name="Focal Demo", owner=staff_organizer)
    photo = Image.new("RGB", (1600, 1200), (30, 30, 220))  # blue, with a red top quarter
    photo.paste((220, 30, 30), (0, 0, 1600, 300))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=92)
    image = services.save_event_image(event=event, processed=services.process_image_bytes(buffer.getvalue()))
    before = image.renditions["banner"].storage_name

    page.goto(f"{live_server.url}/admin/login/?next=/admin/eventmedia/event/{event.pk}/change/")
    page.fill("#id_username", "staff_organizer")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")
    page.evaluate("window.samePage = true")  # gone if the page reloads
    thumbnail = page.locator(f"[data-image-id='{image.pk}'] [data-testid=admin-focal] img")
    box = thumbnail.bounding_box()
    thumbnail.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.1})  # the red top
    status = page.locator(f"[data-image-id='{image.pk}'] [data-testid=admin-focal-status]")
    status.get_by_text("Focal point set").wait_for()
    assert on_screen(page, f"[data-image-id='{image.pk}'] [data-testid=admin-focal-status]")
    assert page.evaluate("window.samePage") is True  # saved in place, no reload
    mark = page.locator(f"[data-image-id='{image.pk}'] .eventmedia-focal-mark")
    assert abs(mark.evaluate("mark => parseFloat(mark.style.top)") - 10) < 1  # the mark moved there
    screenshot("admin-focal-point")
    image.refresh_from_db()
    assert abs(image.focal_point["x"] - 0.5) < 0.05 and abs(image.focal_point["y"] - 0.1) < 0.05
    banner = image.renditions["banner"]
    assert banner.storage_name != before  # re-cut by the task once the change committed
    with image.file.storage.open(banner.storage_name) as handle:
        red, _green, blue = (
            Image.open(handle).convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
        )
    assert red > blue  # the banner now shows the red top the organizer clicked


def test_chromium_takes_the_avif_rendition_from_the_event_page(live_server, page, staff_organizer, settings):
    from eventmedia import services

    settings.EVENTMEDIA = {"RENDITION_FORMATS": {"event": ["AVIF", "WEBP"]}}
    event = Event.objects.create(name="Formats Demo", owner=staff_organizer)
    services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg((1600, 900))))
    page.goto(f"{live_server.url}/events/{event.pk}/")  # the formats were made when the image committed
    picture = page.locator("picture img").first
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert picture.evaluate("img => img.currentSrc").endswith(".avif")
    assert page.locator("picture source[type='image/avif']").count() == 1


def test_the_focal_point_by_keyboard_alone(live_server, page, staff_organizer):
    from eventmedia import services

    event = Event.objects.create(name="Keyboard Demo", owner=staff_organizer)
    image = services.save_event_image(
        event=event, processed=services.process_image_bytes(images.jpeg((1200, 800)))
    )
    log_in(page, live_server, staff_organizer, event)
    page.evaluate("window.samePage = true")
    page.locator("[data-testid=admin-upload-form] button[type=submit]").focus()
    focal = page.locator(f"[data-image-id='{image.pk}'] [data-testid=admin-focal]")
    for _press in range(10):  # Tab through the page until the image is the focus, as a keyboard user does
        page.keyboard.press("Tab")
        if focal.evaluate("form => document.activeElement === form"):
            break
    assert focal.evaluate("form => document.activeElement === form")
    assert "arrow keys" in page.locator("#eventmedia-focal-help").inner_text()  # said, not hidden in a hover
    for key in ["ArrowLeft"] * 5 + ["ArrowUp"] * 4 + ["Shift+ArrowUp"] * 2:
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    page.locator(f"[data-image-id='{image.pk}'] [data-testid=admin-focal-status]").get_by_text(
        "Focal point set"
    ).wait_for()
    assert page.evaluate("window.samePage") is True
    image.refresh_from_db()
    assert image.focal_point == {"x": 0.25, "y": 0.28}  # from the centre: 5 x 5 % left, 4 x 5 % + 2 x 1 % up


def test_several_images_go_up_with_their_progress_and_land_in_the_gallery(
    live_server, page, staff_organizer, tmp_path, screenshot
):
    event = Event.objects.create(name="Progress Demo", owner=staff_organizer)
    photo = tmp_path / "stage.jpg"
    photo.write_bytes(
        images.encode(Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3)), "JPEG")
    )
    poster = tmp_path / "poster.png"
    poster.write_bytes(images.png_opaque((800, 600)))
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a picture")
    log_in(page, live_server, staff_organizer, event)
    # Conference Wi-Fi: uploads at 1 MB/s, so the bar is seen moving.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 1_000_000},
    )
    form = page.locator("[data-testid=admin-upload-form]")
    form.locator("input[type=file]").set_input_files([str(photo), str(poster), str(notes)])
    form.locator("select[name=kind]").select_option("background")
    form.locator("input[name=caption]").fill("Main stage")
    form.locator("button[type=submit]").click()
    first_bar = "document.querySelector('[data-testid=admin-upload-progress] progress')"
    page.wait_for_function(f"{first_bar} && {first_bar}.value > 0 && {first_bar}.value < 100")
    partway = page.evaluate(f"{first_bar}.value")
    screenshot("admin-upload-progress")
    page.wait_for_function(f"{first_bar}.value > {partway}")  # and it moves on
    page.wait_for_selector(".messagelist .success")  # the reloaded panel, with the answers as messages
    text = page.locator("#eventmedia .messagelist").inner_text()
    assert "Uploaded stage.jpg as background" in text and "Uploaded poster.png as gallery" in text
    assert "Did not store notes.jpg: This file type is not accepted" in text
    assert on_screen(page, "#eventmedia .messagelist")
    background = EventImage.objects.get(kind=ImageKind.BACKGROUND)
    assert background.caption == "Main stage"
    assert EventImage.objects.get(kind=ImageKind.GALLERY).caption == ""  # the others: gallery, no caption
    assert EventImage.objects.count() == 2


def test_the_panel_sits_below_the_form_and_stays_compact(live_server, page, staff_organizer, screenshot):
    from eventmedia import services

    event = Event.objects.create(name="Layout Demo", owner=staff_organizer)
    portrait = services.process_image_bytes(images.jpeg((1200, 1800)))
    services.save_event_image(event=event, processed=portrait, kind=ImageKind.BACKGROUND)
    log_in(page, live_server, staff_organizer, event)

    def box(selector):
        return page.locator(selector).first.bounding_box()

    save_bar, band = box(".submit-row"), box("#eventmedia h2")
    assert band["y"] >= save_bar["y"] + save_bar["height"]  # the panel's band starts below the Save bar
    assert box("#eventmedia")["y"] >= save_bar["y"] + save_bar["height"]
    text, chooser = box(".eventmedia-dropzone-text"), box(".eventmedia-dropzone input[type=file]")
    assert chooser["y"] >= text["y"] + text["height"]  # the zone's text on its own line, not around the input
    assert box("[data-testid=admin-background] img")["height"] <= 320  # a portrait background stays short
    background, logo = box("[data-testid=admin-background]"), box("[data-testid=admin-logo]")
    assert logo["y"] == background["y"] and logo["x"] > background["x"]  # side by side, not stacked
    screenshot("panel-layout")
