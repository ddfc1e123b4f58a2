"""``UploadURLField``: a site's own record (a speaker of tests/speakers) names uploads by URL.

The promise (docs/open-event.md, "URL attributes of your own records"): the user's own upload URL is taken
over with its files (they never expire), null clears, the current value is a no-op, anything else is
refused (or fetched from an allowed host), and nothing is ever half-written.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from eventmedia import services
from eventmedia.models import DocumentUpload, ImageUpload, KeptFile
from tests import documents, images
from tests.servers import http_server
from tests.speakers.models import Speaker
from tests.speakers.serializers import SpeakerSerializer

pytestmark = pytest.mark.django_db


def uploaded_image(user, size=(640, 480)) -> str:
    client = APIClient()
    client.force_authenticate(user)
    answer = client.post("/v1/upload/image", {"data": images.data_uri(images.jpeg(size))}, format="json")
    assert answer.status_code == 201, answer.content
    return answer.json()["url"]


def uploaded_pdf(user) -> str:
    client = APIClient()
    client.force_authenticate(user)
    sent = {"data": "data:application/pdf;base64," + base64.b64encode(documents.pdf()).decode()}
    answer = client.post("/v1/upload/files", sent, format="json")
    assert answer.status_code == 201, answer.content
    return answer.json()["url"]


def context(user) -> dict:
    request = Request(APIRequestFactory().post("/speakers/"))
    request.user = user  # as the site's authentication would have it
    return {"request": request}


def save(user, data, instance=None, commit_callbacks=None):
    """Validate and save like a view does; the serializer (with ``errors`` when refused)."""
    serializer = SpeakerSerializer(instance, data=data, partial=instance is not None, context=context(user))
    if serializer.is_valid():
        serializer.save()
    return serializer


def on_disk(media_root: Path, url: str) -> bool:
    return (media_root / url.split("/media/", 1)[1]).is_file()


def test_an_own_upload_is_taken_over_and_never_expires(user, media_root, django_capture_on_commit_callbacks):
    photo = uploaded_image(user)
    with django_capture_on_commit_callbacks(execute=True):
        saved = save(user, {"name": "Ada", "photo_url": photo})
    assert not saved.errors, saved.errors
    speaker = Speaker.objects.get()
    assert speaker.photo_url == photo and saved.data["photo_url"] == photo
    kept = KeptFile.objects.get()
    assert (kept.attribute, kept.holder_id, kept.uploaded_by) == ("photo_url", str(speaker.pk), user)
    assert kept.renditions.get("thumbnail") is not None  # the upload's renditions come along
    assert not ImageUpload.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_uploads(0) == {"images": 0, "documents": 0, "kept": 0}
    assert on_disk(media_root, photo) and all(on_disk(media_root, f"/media/{n}") for n in kept.file_names())


def test_null_clears_and_its_files_go_after_commit(user, media_root, django_capture_on_commit_callbacks):
    photo = uploaded_image(user)
    saved = save(user, {"name": "Ada", "photo_url": photo})
    names = KeptFile.objects.get().file_names()
    with django_capture_on_commit_callbacks(execute=True):
        cleared = save(user, {"photo_url": None}, Speaker.objects.get())
    assert not cleared.errors and Speaker.objects.get().photo_url is None
    assert not KeptFile.objects.exists()
    assert not any((media_root / name).exists() for name in names)
    assert saved.instance.pk == Speaker.objects.get().pk


def test_the_current_value_sent_back_changes_nothing(user, django_capture_on_commit_callbacks):
    photo = uploaded_image(user)
    save(user, {"name": "Ada", "photo_url": photo})
    kept = KeptFile.objects.get()
    again = save(user, {"name": "Ada L.", "photo_url": photo}, Speaker.objects.get())
    assert not again.errors, again.errors
    assert list(KeptFile.objects.all()) == [kept] and Speaker.objects.get().name == "Ada L."


def test_the_current_file_under_a_fresh_signature_changes_nothing(user):
    # A site that signs its storage's URLs answers a new signature every time; the client sends it back.
    photo = uploaded_image(user)
    save(user, {"name": "Ada", "photo_url": photo + "?X-Amz-Signature=first"})
    kept = KeptFile.objects.get()
    again = save(user, {"photo_url": photo + "?X-Amz-Signature=second"}, Speaker.objects.get())
    assert not again.errors, again.errors
    assert list(KeptFile.objects.all()) == [kept]
    assert Speaker.objects.get().photo_url == photo + "?X-Amz-Signature=first"  # unchanged means unchanged


def test_a_new_upload_replaces_the_old_files(user, media_root, django_capture_on_commit_callbacks):
    first, second = uploaded_image(user), uploaded_image(user, (300, 200))
    save(user, {"name": "Ada", "photo_url": first})
    old_names = KeptFile.objects.get().file_names()
    with django_capture_on_commit_callbacks(execute=True):
        changed = save(user, {"photo_url": second}, Speaker.objects.get())
    assert not changed.errors
    assert KeptFile.objects.get().width == 300 and on_disk(media_root, second)
    assert not any((media_root / name).exists() for name in old_names)


@pytest.mark.parametrize("whose", ["someone else's upload", "a URL on another site", "a path of ours"])
def test_anything_but_an_own_upload_is_refused_and_nothing_is_written(user, other_user, whose, files):
    url = {
        "someone else's upload": uploaded_image(other_user),
        "a URL on another site": "https://elsewhere.example/photo.jpg",
        "a path of ours": "/media/uploads/0123456789abcdef0123456789abcdef/original.jpg",
    }[whose]
    before = files()
    refused = save(user, {"name": "Ada", "photo_url": url})
    assert refused.errors["photo_url"][0].code == "not_an_upload"
    assert "/v1/upload/image" in str(refused.errors["photo_url"][0])
    assert not Speaker.objects.exists() and not KeptFile.objects.exists() and files() == before


def test_an_upload_that_expires_before_the_save_refuses_the_whole_write(user):
    photo = uploaded_image(user)
    serializer = SpeakerSerializer(data={"name": "Ada", "photo_url": photo}, context=context(user))
    assert serializer.is_valid(), serializer.errors
    ImageUpload.objects.all().delete()  # the hourly expiry job ran in between
    with pytest.raises(Exception) as refused:
        serializer.save()
    assert refused.value.detail["photo_url"][0].code == "not_an_upload"
    assert not Speaker.objects.exists() and not KeptFile.objects.exists()


def test_documents_in_a_list_of_objects_are_kept_each(user, media_root, django_capture_on_commit_callbacks):
    talk, extra = uploaded_pdf(user), uploaded_pdf(user)
    slides = [{"name": "Talk", "link": talk}, {"name": "Extra", "link": extra}]
    saved = save(user, {"name": "Ada", "slides": slides})
    assert not saved.errors, saved.errors
    assert Speaker.objects.get().slides == slides
    assert KeptFile.objects.filter(attribute="slides").count() == 2 and not DocumentUpload.objects.exists()
    extra_names = KeptFile.objects.get(file__endswith=extra.rsplit("/media/", 1)[1]).file_names()
    with django_capture_on_commit_callbacks(execute=True):
        fewer = save(user, {"slides": [{"name": "Talk", "link": talk}]}, Speaker.objects.get())
    assert not fewer.errors, fewer.errors
    assert KeptFile.objects.get().url.endswith(talk.rsplit("/media/", 1)[1])
    assert on_disk(media_root, talk) and not (media_root / extra_names[0]).exists()
    image_as_slide = save(
        user, {"slides": [{"name": "X", "link": uploaded_image(user)}]}, Speaker.objects.get()
    )
    assert image_as_slide.errors["slides"][0]["link"][0].code == "not_an_upload"


def test_deleting_the_record_deletes_what_it_kept(user, media_root, django_capture_on_commit_callbacks):
    save(user, {"name": "Ada", "photo_url": uploaded_image(user)})
    names = KeptFile.objects.get().file_names()
    with django_capture_on_commit_callbacks(execute=True):
        Speaker.objects.get().delete()
    assert not KeptFile.objects.exists() and not any((media_root / name).exists() for name in names)


def test_files_of_records_deleted_without_signals_are_swept(
    user, media_root, django_capture_on_commit_callbacks
):
    save(user, {"name": "Ada", "photo_url": uploaded_image(user)})
    save(user, {"name": "Grace", "photo_url": uploaded_image(user)})
    ada = Speaker.objects.get(name="Ada")
    names = KeptFile.objects.get(holder_id=str(ada.pk)).file_names()
    Speaker.objects.filter(pk=ada.pk)._raw_delete(Speaker.objects.db)  # a script's raw DELETE
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_uploads()["kept"] == 1
    assert KeptFile.objects.get().holder_id == str(Speaker.objects.get().pk)  # Grace's stays
    assert not any((media_root / name).exists() for name in names)


def test_an_image_on_an_allowed_host_is_fetched_processed_and_kept(user, settings):
    with http_server({"/face.jpg": (images.jpeg((900, 600)), "image/jpeg")}) as host:
        url = f"{host}/face.jpg"
        assert save(user, {"name": "Ada", "photo_url": url}).errors["photo_url"][0].code == "not_an_upload"
        settings.EVENTMEDIA = {
            "IMAGE_URL_HOSTS": ["127.0.0.1"],
            "IMAGE_URL_REQUIRE_HTTPS": False,
            "IMAGE_URL_PRIVATE_NETWORKS": ["127.0.0.0/8"],
        }
        saved = save(user, {"name": "Ada", "photo_url": url})
        missing = save(user, {"name": "Bob", "photo_url": f"{host}/gone.jpg"})
    assert not saved.errors, saved.errors
    kept = KeptFile.objects.get()
    assert (kept.width, kept.height) == (900, 600)
    assert Speaker.objects.get().photo_url.endswith(kept.file.url) and not ImageUpload.objects.exists()
    assert missing.errors["photo_url"][0].code == "image_url_refused"
