"""Events, event images, slides and avatars as API resources, with their permission rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from eventmedia.models import Event, EventImage, Slide, UserImage
from tests import documents, images

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stranger(other_user):
    client = APIClient()
    client.force_authenticate(other_user)
    return client


@pytest.fixture
def staff_api(django_user_model):
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("staff", password="pw", is_staff=True))
    return client


def add_image(client, event, kind="gallery", size=(800, 600), **extra):
    payload = {"kind": kind, "data": images.data_uri(images.jpeg(size), "image/jpeg"), **extra}
    return client.post(f"/v1/events/{event.pk}/images/", payload, format="json")


# -- Events ----------------------------------------------------------------------------------------


def test_event_crud_by_its_owner(api, user):
    response = api.post("/v1/events/", {"name": "PyCon DE"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == user.pk and body["background"] is None and body["logo"] is None
    url = f"/v1/events/{body['id']}/"
    assert api.patch(url, {"name": "PyCon DE 2027"}, format="json").json()["name"] == "PyCon DE 2027"
    assert api.delete(url).status_code == 204
    assert not Event.objects.exists()


def test_event_shows_its_background_and_logo(api, event):
    add_image(api, event, "background")
    add_image(api, event, "logo", size=(300, 300))
    body = APIClient().get(f"/v1/events/{event.pk}/").json()  # public read
    assert body["background"]["kind"] == "background" and body["background"]["renditions"]["large"]["url"]
    assert body["logo"]["width"] == 300
    listing = APIClient().get("/v1/events/").json()
    assert listing["count"] == 1 and listing["results"][0]["background"]["id"] == body["background"]["id"]


def test_only_owner_or_staff_change_an_event(stranger, staff_api, event):
    refused = stranger.patch(f"/v1/events/{event.pk}/", {"name": "x"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == {  # who may, rather than DRF's "You do not have permission"
        "message": "Only the event's owner or staff may change its media.", "code": "permission_denied",
    }  # fmt: skip
    assert staff_api.patch(f"/v1/events/{event.pk}/", {"name": "y"}, format="json").status_code == 200
    assert APIClient().post("/v1/events/", {"name": "anon"}, format="json").status_code == 401


def test_deleting_an_event_deletes_every_file(api, event, files):
    add_image(api, event, "background")
    api.post(f"/v1/events/{event.pk}/slides/", {"title": "Talk", "data": images.data_uri(documents.pptx())})
    assert len(files()) == 6
    assert api.delete(f"/v1/events/{event.pk}/").status_code == 204
    assert files() == []


# -- Event images ----------------------------------------------------------------------------------


def test_create_list_retrieve_change_delete_an_image(api, event, files):
    response = add_image(api, event, "gallery", caption="Keynote")
    assert response.status_code == 201, response.content
    image = response.json()
    assert set(image) == {
        "id", "kind", "url", "width", "height", "format", "bytes", "renditions", "placeholder",
        "focal_point", "source", "instagram_media_id", "caption", "created_at",
    }  # fmt: skip
    assert (image["source"], image["caption"], image["format"]) == ("upload", "Keynote", "jpeg")
    assert image["url"].startswith("http://testserver/media/")
    detail = f"/v1/events/{event.pk}/images/{image['id']}/"
    assert APIClient().get(detail).json()["id"] == image["id"]
    changed = api.patch(detail, {"caption": "Opening", "kind": "background"}, format="json").json()
    assert changed["caption"] == "Opening" and changed["kind"] == "background"
    assert len(files()) == 5
    assert api.delete(detail).status_code == 204
    assert files() == [] and not EventImage.objects.exists()


@pytest.mark.parametrize("resource", ["images", "slides"])
def test_a_change_carrying_a_file_is_refused_before_the_file_is_read(api, event, files, resource):
    # Not even valid base64: a change that decoded it first would answer invalid_base64. The
    # refusal comes first, and nothing changes.
    if resource == "images":
        created = add_image(api, event, "gallery", caption="Keynote").json()
    else:
        created = api.post(
            f"/v1/events/{event.pk}/slides/", {"title": "Talk", "data": images.data_uri(documents.odp())},
            format="json",
        ).json()  # fmt: skip
    before = sorted(files())
    junk = "data:image/png;base64," + "!" * 100_000
    response = api.patch(f"/v1/events/{event.pk}/{resource}/{created['id']}/", {"data": junk}, format="json")
    assert response.status_code == 400
    assert response.json()["data"][0]["code"] == "immutable"
    assert sorted(files()) == before


def test_multipart_image_create(api, event):
    upload = SimpleUploadedFile("x.bin", images.png_rgba(), content_type="application/octet-stream")
    response = api.post(
        f"/v1/events/{event.pk}/images/", {"kind": "logo", "file": upload}, format="multipart"
    )
    assert response.status_code == 201 and response.json()["format"] == "png"


def test_new_background_moves_the_old_one_to_the_gallery(api, event):
    first = add_image(api, event, "background").json()
    second = add_image(api, event, "background").json()
    kinds = {i["id"]: i["kind"] for i in api.get(f"/v1/events/{event.pk}/images/").json()["results"]}
    assert kinds == {first["id"]: "gallery", second["id"]: "background"}


def test_filter_by_kind_order_and_paginate(api, event):
    for kind in ("gallery", "banner", "gallery"):
        add_image(api, event, kind, size=(120, 90))
    url = f"/v1/events/{event.pk}/images/"
    assert api.get(url, {"kind": "gallery"}).json()["count"] == 2
    assert api.get(url, {"kind": "nope"}).json()["kind"][0]["code"] == "invalid_choice"
    newest_first = [i["id"] for i in api.get(url).json()["results"]]
    oldest_first = [i["id"] for i in api.get(url, {"ordering": "created_at"}).json()["results"]]
    assert newest_first == sorted(newest_first, reverse=True) and oldest_first == sorted(oldest_first)
    page = api.get(url, {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]


def test_image_permissions(api, stranger, staff_api, event, files):
    image = add_image(api, event).json()
    detail = f"/v1/events/{event.pk}/images/{image['id']}/"
    assert add_image(stranger, event).status_code == 403
    assert "owner or staff" in add_image(stranger, event).json()["detail"]["message"]
    assert add_image(APIClient(), event).status_code == 401
    assert stranger.patch(detail, {"caption": "x"}, format="json").status_code == 403
    assert stranger.delete(detail).status_code == 403
    assert APIClient().get(f"/v1/events/{event.pk}/images/").status_code == 200
    assert len(files()) == 5  # refusals wrote nothing
    assert staff_api.delete(detail).status_code == 204


def test_bad_image_is_a_400_and_nothing_is_written(api, event, files):
    response = api.post(
        f"/v1/events/{event.pk}/images/",
        {"kind": "gallery", "data": "data:image/png;base64,iVBORw0KGgo="},
        format="json",
    )
    assert response.status_code == 400 and response.json()["data"][0]["code"] == "corrupt_image"
    assert files() == [] and not EventImage.objects.exists()


def test_unknown_event_is_a_404_in_json(api):
    response = api.get("/v1/events/999/images/")
    assert response.status_code == 404 and response.json()["detail"]["code"] == "not_found"


def test_an_image_of_another_event_is_not_reachable(api, event, user):
    other = Event.objects.create(name="Other", owner=user)
    image = add_image(api, event).json()
    assert api.get(f"/v1/events/{other.pk}/images/{image['id']}/").status_code == 404


# -- Avatars ---------------------------------------------------------------------------------------


def test_avatar_read_replace_remove(api, user, files):
    assert api.get("/v1/users/me/avatar").status_code == 404
    first = api.put("/v1/users/me/avatar", {"data": images.data_uri(images.jpeg((900, 900)))}, format="json")
    assert first.status_code == 200, first.content
    body = first.json()
    assert {name: r["width"] for name, r in body["renditions"].items()} == {
        "thumbnail": 500,
        "small": 50,
        "icon": 35,
    }
    old = set(files())
    second = api.put(
        "/v1/users/me/avatar", {"data": images.data_uri(images.png_rgba((200, 200)))}, format="json"
    )
    assert second.json()["format"] == "png" and UserImage.objects.count() == 1
    assert not (set(files()) & old) and len(files()) == 4
    assert api.get("/v1/users/me/avatar").json()["id"] == second.json()["id"]
    assert api.delete("/v1/users/me/avatar").status_code == 204
    assert files() == []


def test_avatar_needs_a_user(user):
    assert APIClient().get("/v1/users/me/avatar").status_code == 401


def test_a_user_changes_only_their_own_avatar(api, stranger, user):
    api.put("/v1/users/me/avatar", {"data": images.data_uri(images.jpeg())}, format="json")
    answer = stranger.delete("/v1/users/me/avatar")  # the stranger's own avatar: there is none
    assert answer.status_code == 404
    assert UserImage.objects.filter(user=user).exists()


# -- Slides ----------------------------------------------------------------------------------------


def test_slides_create_list_change_delete(api, event, files):
    response = api.post(
        f"/v1/events/{event.pk}/slides/",
        {"title": "Fast images", "session": "Room A", "file": SimpleUploadedFile("s.key", documents.odp())},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    slide = response.json()
    assert (slide["format"], slide["session"], slide["bytes"]) == ("odp", "Room A", len(documents.odp()))
    assert slide["preview"] is None  # only PDFs get one
    detail = f"/v1/events/{event.pk}/slides/{slide['id']}/"
    assert api.patch(detail, {"title": "Faster images"}, format="json").json()["title"] == "Faster images"
    assert APIClient().get(f"/v1/events/{event.pk}/slides/").json()["count"] == 1
    assert api.delete(detail).status_code == 204
    assert files() == [] and not Slide.objects.exists()


def test_slides_refuse_other_documents(api, event, files):
    response = api.post(
        f"/v1/events/{event.pk}/slides/",
        {"title": "x", "data": images.data_uri(documents.docx())},
        format="json",
    )
    assert response.status_code == 400 and response.json()["data"][0]["code"] == "unsupported_format"
    assert files() == []


def test_slides_permissions(stranger, event):
    response = stranger.post(
        f"/v1/events/{event.pk}/slides/",
        {"title": "x", "data": images.data_uri(documents.pdf())},
        format="json",
    )
    assert response.status_code == 403


def test_pdf_slide_gets_a_preview_of_its_first_page(api, event):
    response = api.post(
        f"/v1/events/{event.pk}/slides/", {"title": "PDF", "data": images.data_uri(documents.pdf())}
    )
    assert response.status_code == 201
    preview = response.json()["preview"]
    assert preview and preview["width"] == 1300 and preview["height"] == 650
    fetched = api.get(preview["url"].replace("http://testserver", ""))
    expected = "image/png" if preview["url"].endswith(".png") else "image/jpeg"
    assert fetched.status_code == 200 and fetched["Content-Type"] == expected


def test_broken_pdf_is_stored_without_preview(api, event):
    broken = b"%PDF-1.4\nnot really a pdf\n%%EOF\n"
    response = api.post(f"/v1/events/{event.pk}/slides/", {"title": "x", "data": images.data_uri(broken)})
    assert response.status_code == 201 and response.json()["preview"] is None
    from eventmedia import services

    assert services.make_slide_preview(response.json()["id"]) is False  # refused cleanly, not crashed
