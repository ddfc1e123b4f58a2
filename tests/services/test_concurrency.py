"""Requests that race each other: real threads against a live server, and rows deleted under a change.

The live server handles each request in its own thread with its own database connection, as a
threaded WSGI server does in production. On SQLite the transactions queue on the database's write
lock (``transaction_mode`` IMMEDIATE, see check eventmedia.W004); PostgreSQL's row locks are
exercised by the same services.
"""

import threading
from pathlib import Path

import pytest
import requests
from rest_framework.authtoken.models import Token

from eventmedia import services
from eventmedia.models import Event, EventImage, ImageKind, Slide, UserImage
from tests import accounts, documents, images

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


def at_once(calls):
    """Run every call in its own thread, released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def avatar_files(root: Path) -> list[Path]:
    return [p for p in (root / "eventmedia" / "avatars").rglob("*") if p.is_file()]


def put_avatar(url, token, data):
    return lambda: requests.put(
        f"{url}/v1/users/me/avatar",
        json={"data": images.data_uri(data, "image/jpeg")},
        headers={"Authorization": f"Token {token}"},
        timeout=60,
    )


def test_first_avatar_uploads_at_once_leave_one_avatar(live_server, django_user_model, media_root):
    data = images.jpeg((1200, 900))
    for round_ in range(ROUNDS):
        user = django_user_model.objects.create_user(f"racer{round_}", password="pw")
        token = Token.objects.create(user=user).key
        responses = at_once([put_avatar(live_server.url, token, data) for _ in range(2)])
        assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
        assert UserImage.objects.filter(user=user).count() == 1
    # Every avatar file on disk belongs to a row: the loser's files were deleted, none orphaned.
    referenced = {name for avatar in UserImage.objects.all() for name in avatar.file_names()}
    on_disk = {str(p.relative_to(media_root)) for p in avatar_files(media_root)}
    assert on_disk == referenced


def test_concurrent_avatar_replacements_leave_no_orphan_files(live_server, user, media_root):
    token = Token.objects.create(user=user).key
    photos = [images.jpeg((1000 + 20 * i, 800)) for i in range(4)]
    put_avatar(live_server.url, token, photos[0])()
    responses = at_once([put_avatar(live_server.url, token, data) for data in photos])
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    avatar = UserImage.objects.get(user=user)
    on_disk = {str(p.relative_to(media_root)) for p in avatar_files(media_root)}
    assert on_disk == set(avatar.file_names())


def test_two_new_backgrounds_at_once_leave_one_background(live_server, user):
    token = Token.objects.create(user=user).key
    for round_ in range(ROUNDS):
        event = Event.objects.create(name=f"Race {round_}", owner=user)

        def add_background(size, event=event):
            return lambda: requests.post(
                f"{live_server.url}/v1/events/{event.pk}/images/",
                json={"kind": "background", "data": images.data_uri(images.jpeg(size), "image/jpeg")},
                headers={"Authorization": f"Token {token}"},
                timeout=60,
            )

        responses = at_once([add_background((900, 600)), add_background((920, 600))])
        assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]
        kinds = sorted(EventImage.objects.filter(event=event).values_list("kind", flat=True))
        assert kinds == [ImageKind.BACKGROUND, ImageKind.GALLERY]


# -- A change to a row that another request deleted -------------------------------------------------------


def test_patching_a_deleted_image_never_brings_it_back(event, files):
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    stale = EventImage.objects.get(pk=image.pk)
    services.delete_stored(image)  # another request deletes it
    with pytest.raises(services.Gone):
        services.change_event_image(stale, caption="too late")
    assert not EventImage.objects.exists() and files() == []


def test_patching_a_deleted_slide_or_event_never_brings_it_back(event):
    slide = Slide.objects.create(event=event, title="Talk", file="x.pdf", format="pdf", file_size=1)
    stale_slide = Slide.objects.get(pk=slide.pk)
    stale_event = Event.objects.get(pk=event.pk)
    services.delete_event(event)
    with pytest.raises(services.Gone):
        services.change_slide(stale_slide, title="too late")
    with pytest.raises(services.Gone):
        services.change_event(stale_event, name="too late")
    assert not Slide.objects.exists() and not Event.objects.exists()


def test_patch_of_a_deleted_image_over_the_api_is_a_404(api, event, monkeypatch):
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    real = services.change_event_image

    def deleted_first(target, **changes):
        EventImage.objects.filter(pk=target.pk).delete()  # a DELETE that won the race
        return real(target, **changes)

    monkeypatch.setattr(services, "change_event_image", deleted_first)
    response = api.patch(f"/v1/events/{event.pk}/images/{image.pk}/", {"caption": "x"}, format="json")
    assert response.status_code == 404
    assert not EventImage.objects.exists()


def test_replacing_a_deleted_avatar_row_is_gone_and_writes_nothing(user, files):
    avatar = services.set_avatar(user=user, processed=services.process_image_bytes(images.jpeg(), "avatar"))
    stale = UserImage.objects.get(pk=avatar.pk)
    services.delete_stored(avatar)
    with pytest.raises(services.Gone):
        services.store_image(stale, services.process_image_bytes(images.jpeg(), "avatar"), folder="avatars")
    assert files() == [] and not UserImage.objects.exists()


def test_slide_deleted_while_its_preview_renders(event, files, monkeypatch):
    from eventmedia.imaging import pdf_preview

    stored = services.add_slide(event=event, title="PDF", data=documents.pdf(), sniffed=_pdf())
    real = pdf_preview.render_first_page

    def delete_during_render(data, **limits):
        rendered = real(data, **limits)
        Slide.objects.filter(pk=stored.pk).delete()  # the organizer deletes the slide meanwhile
        return rendered

    monkeypatch.setattr(pdf_preview, "render_first_page", delete_during_render)
    assert services.make_slide_preview(stored.pk) is False
    assert files() == []  # the slide's file went with its row; the preview was never kept


def _pdf():
    from eventmedia.imaging import sniff_document

    return sniff_document(documents.pdf(), allowed_formats=("PDF",), max_bytes=10**6)


def test_the_same_instagram_post_imported_twice_at_once_gives_one_image(
    live_server, user, instagram, media_root
):
    accounts.connect(user, instagram)
    token = Token.objects.create(user=user).key
    post = instagram.posts[0].id
    for round_ in range(ROUNDS):
        event = Event.objects.create(name=f"Import race {round_}", owner=user)

        def import_post(event=event):
            return lambda: requests.post(
                f"{live_server.url}/v1/events/{event.pk}/instagram-import",
                json={"media_ids": [post]},
                headers={"Authorization": f"Token {token}"},
                timeout=60,
            )

        responses = at_once([import_post(), import_post()])
        assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
        images_of_event = EventImage.objects.filter(event=event)
        assert images_of_event.count() == 1
        ids = {r.json()["imported"][0]["id"] for r in responses}
        assert ids == {images_of_event.get().pk}  # both answers name the one image
    referenced = {name for image in EventImage.objects.all() for name in image.file_names()}
    on_disk = {
        str(p.relative_to(media_root))
        for p in (media_root / "eventmedia" / "events").rglob("*")
        if p.is_file()
    }
    assert on_disk == referenced  # the loser's files were deleted
