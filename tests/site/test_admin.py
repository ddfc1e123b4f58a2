"""The admin: uploads go through the pipeline, lists show icon renditions, bad files are form errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eventmedia import services
from eventmedia.models import Event, EventImage, ImageKind
from tests import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    return client


def test_admin_upload_goes_through_the_pipeline(staff, event, files):
    upload = SimpleUploadedFile("photo.png", images.png_opaque((1600, 1000)), content_type="image/png")
    response = staff.post(
        reverse("admin:eventmedia_eventimage_add"),
        {"event": event.pk, "kind": "background", "caption": "Stage", "upload": upload},
    )
    assert response.status_code == 302, response.content[:2000]
    image = EventImage.objects.get()
    assert (image.format, image.width, image.kind) == ("jpeg", 1600, ImageKind.BACKGROUND)
    assert set(image.renditions) == {"large", "banner", "thumbnail", "icon"}
    assert len(files()) == 5
    assert event.background == image


def test_admin_refuses_what_the_api_refuses(staff, event, files):
    upload = SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = staff.post(
        reverse("admin:eventmedia_eventimage_add"), {"event": event.pk, "kind": "gallery", "upload": upload}
    )
    assert response.status_code == 200
    assert "This file type is not accepted" in response.content.decode()
    assert files() == [] and not EventImage.objects.exists()


def test_admin_replace_deletes_the_old_files(staff, event, files, django_capture_on_commit_callbacks):
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    old = set(files())
    upload = SimpleUploadedFile("new.jpg", images.jpeg((500, 500)), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("admin:eventmedia_eventimage_change", args=[image.pk]),
            {"event": event.pk, "kind": "gallery", "caption": "", "upload": upload},
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.width == 500 and not (set(files()) & old)


def test_lists_show_the_icon_rendition_not_the_original(staff, event):
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    page = staff.get(reverse("admin:eventmedia_eventimage_changelist")).content.decode()
    assert image.rendition_url("icon") in page and image.url not in page
    page = staff.get(reverse("admin:eventmedia_event_change", args=[event.pk])).content.decode()
    assert image.rendition_url("thumbnail") in page


def test_every_admin_page_renders(staff, event, user):
    services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    services.set_avatar(user=user, processed=services.process_image_bytes(images.jpeg(), "avatar"))
    for model in ("event", "eventimage", "userimage", "slide", "imageupload", "documentupload"):
        assert staff.get(reverse(f"admin:eventmedia_{model}_changelist")).status_code == 200, model
    for model in ("event", "eventimage", "userimage"):
        assert staff.get(reverse(f"admin:eventmedia_{model}_add")).status_code == 200, model


# -- The event media panel -------------------------------------------------------------------------


def test_event_page_shows_background_logo_and_gallery(staff, event):
    background = services.save_event_image(
        event=event,
        processed=services.process_image_bytes(images.jpeg((1600, 900))),
        kind=ImageKind.BACKGROUND,
    )
    page = staff.get(reverse("admin:eventmedia_event_change", args=[event.pk])).content.decode()
    assert 'data-testid="admin-background"' in page and background.rendition_url("large") in page
    assert "No logo yet" in page and "Set as logo" in page and 'data-testid="admin-upload-form"' in page
    assert "large 1300×731" in page


def test_panel_upload_set_kind_and_delete(staff, event, files):
    change = reverse("admin:eventmedia_event_change", args=[event.pk])
    upload = SimpleUploadedFile("stage.jpg", images.jpeg((900, 600)), content_type="image/jpeg")
    response = staff.post(
        reverse("admin:eventmedia_event_media_upload", args=[event.pk]),
        {"file": upload, "kind": "gallery", "caption": "Stage"},
        follow=True,
    )
    assert "Uploaded stage.jpg as gallery (900 × 600)." in response.content.decode()
    image = EventImage.objects.get()
    staff.post(
        reverse("admin:eventmedia_event_media_kind", args=[event.pk, image.pk]), {"kind": "background"}
    )
    assert event.background == image
    assert len(files()) == 5
    response = staff.post(
        reverse("admin:eventmedia_event_media_delete", args=[event.pk, image.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == change + "#eventmedia"
    assert not EventImage.objects.exists()


def test_the_panels_file_picker_offers_every_format_the_site_takes(staff, event, settings):
    page = staff.get(reverse("admin:eventmedia_event_change", args=[event.pk])).content.decode()
    accept = page.split('name="file" accept="', 1)[1].split('"', 1)[0].split(",")
    assert {".heic", ".avif", "image/heic", "image/avif", "image/jpeg", ".webp"} <= set(accept)
    assert "up to 25 MiB" in page
    settings.EVENTMEDIA = {"ALLOWED_IMAGE_FORMATS": ["JPEG", "PNG"]}
    page = staff.get(reverse("admin:eventmedia_event_change", args=[event.pk])).content.decode()
    assert 'accept="image/jpeg,.jpg,.jpeg,image/png,.png"' in page


def test_panel_upload_refuses_bad_files_with_a_message(staff, event, files):
    bad = SimpleUploadedFile("x.png", b"<html>", content_type="image/png")
    response = staff.post(
        reverse("admin:eventmedia_event_media_upload", args=[event.pk]),
        {"file": bad, "kind": "logo"},
        follow=True,
    )
    assert "This file type is not accepted" in response.content.decode()
    assert files() == [] and not EventImage.objects.exists()


def test_several_files_in_one_post_the_first_takes_the_kind_and_caption(staff, event, files):
    # Without the panel's script, a browser sends every chosen file in one form post.
    chosen = [
        SimpleUploadedFile("stage.jpg", images.jpeg((900, 600)), content_type="image/jpeg"),
        SimpleUploadedFile("notes.jpg", b"minutes", content_type="image/jpeg"),
        SimpleUploadedFile("crowd.png", images.png_opaque((300, 200)), content_type="image/png"),
    ]
    response = staff.post(
        reverse("admin:eventmedia_event_media_upload", args=[event.pk]),
        {"file": chosen, "kind": "background", "caption": "Main stage"},
        follow=True,
    )
    page = response.content.decode()
    assert "Uploaded stage.jpg as background (900 × 600)." in page
    assert "Did not store notes.jpg: This file type is not accepted" in page
    assert "Uploaded crowd.png as gallery (300 × 200)." in page
    assert event.background.caption == "Main stage"
    assert EventImage.objects.get(kind=ImageKind.GALLERY).caption == ""


def test_the_panels_script_gets_json_answers(staff, event, files):
    upload_url = reverse("admin:eventmedia_event_media_upload", args=[event.pk])
    good = SimpleUploadedFile("stage.jpg", images.jpeg((900, 600)), content_type="image/jpeg")
    answer = staff.post(upload_url, {"file": good, "kind": "logo"}, headers={"accept": "application/json"})
    assert answer.status_code == 200
    assert answer.json() == {
        "messages": [{"level": "success", "text": "Uploaded stage.jpg as logo (900 × 600)."}]
    }
    bad = SimpleUploadedFile("x.png", b"<html>", content_type="image/png")
    answer = staff.post(upload_url, {"file": bad}, headers={"accept": "application/json"})
    assert answer.status_code == 400 and answer.json()["messages"][0]["level"] == "error"
    assert EventImage.objects.count() == 1
    # The script reloads the panel after uploading: the answers are its messages there too.
    page = staff.get(reverse("admin:eventmedia_event_change", args=[event.pk])).content.decode()
    assert "Uploaded stage.jpg as logo" in page and "Did not store x.png" in page

    image = EventImage.objects.get()
    focal_url = reverse("admin:eventmedia_event_media_focal", args=[event.pk, image.pk])
    answer = staff.post(focal_url, {"x": "0.25", "y": "0.8"}, headers={"accept": "application/json"})
    assert answer.status_code == 200 and answer.json()["focal_point"] == {"x": 0.25, "y": 0.8}
    assert answer.json()["messages"][0]["text"].startswith("Focal point set")
    image.refresh_from_db()
    assert image.focal_point == {"x": 0.25, "y": 0.8}
    answer = staff.post(focal_url, {"x": "left"}, headers={"accept": "application/json"})
    assert answer.status_code == 400
    # Shown in place, without a reload: not kept for the next page as well.
    page = staff.get(reverse("admin:eventmedia_event_change", args=[event.pk])).content.decode()
    assert "Focal point set" not in page and "Click on the image" not in page
    assert 'name="x" value="0.25"' in page  # the mark and the keyboard start where the point is


def test_panel_actions_need_post_and_change_permission(client, event, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(viewer)  # staff without change permission on events
    url = reverse("admin:eventmedia_event_media_upload", args=[event.pk])
    upload = SimpleUploadedFile("a.jpg", images.jpeg((50, 50)), content_type="image/jpeg")
    assert client.post(url, {"file": upload}).status_code == 403
    assert not EventImage.objects.exists()


def test_admin_edits_go_through_the_services(staff, event, user, files):
    # Making a gallery image the background in its change form moves the old background to the
    # gallery (the services' rule); the event it belongs to cannot be changed there.
    old = services.save_event_image(
        event=event, processed=services.process_image_bytes(images.jpeg()), kind="background"
    )
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    other = Event.objects.create(name="Elsewhere", owner=user)
    response = staff.post(
        reverse("admin:eventmedia_eventimage_change", args=[image.pk]),
        {"event": other.pk, "kind": "background", "caption": "Main stage"},
    )
    assert response.status_code == 302, response.content[:2000]
    image.refresh_from_db()
    old.refresh_from_db()
    assert (image.kind, image.caption, image.event_id) == ("background", "Main stage", event.pk)
    assert old.kind == "gallery"


def test_admin_event_edits_and_additions_are_saved(staff, event):
    response = staff.post(
        reverse("admin:eventmedia_event_change", args=[event.pk]),
        {
            "name": "DjangoCon Europe",
            "owner": event.owner_id,
            "starts_at_0": "",
            "starts_at_1": "",
            "ends_at_0": "",
            "ends_at_1": "",
        },  # fmt: skip
    )
    assert response.status_code == 302, response.content[:3000]
    event.refresh_from_db()
    assert event.name == "DjangoCon Europe"
    added = staff.post(
        reverse("admin:eventmedia_event_add"),
        {"name": "PyCon US", "starts_at_0": "", "starts_at_1": "", "ends_at_0": "", "ends_at_1": ""},
    )
    assert added.status_code == 302 and Event.objects.filter(name="PyCon US").exists()
