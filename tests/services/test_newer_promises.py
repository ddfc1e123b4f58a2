"""Promises of the newer features that a one-line change could break silently (crops retired after
commit, upright placeholders, overlapping alternate runs, no re-insert, documents expiring), each
written by breaking the code once and watching the test fail."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
import thumbhash
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from eventmedia import jobs, services
from eventmedia.imaging import ImagePolicy, process_image
from eventmedia.models import DocumentUpload, EventImage, Slide
from eventmedia.services import renditions as rendition_services
from eventmedia.services.unit_of_work import UnitOfWork
from eventmedia.storage import media_storage
from tests import documents, images

pytestmark = pytest.mark.django_db(transaction=True)


def stored(event, **changes):
    image = services.save_event_image(
        event=event, processed=services.process_image_bytes(images.jpeg((1600, 900)))
    )
    return image


def test_the_old_crops_go_only_once_the_recut_commits(event, files):
    image = stored(event)
    old = image.renditions["banner"].storage_names()
    EventImage.objects.filter(pk=image.pk).update(focal_point={"x": 0.1, "y": 0.1})
    with transaction.atomic():
        services.remake_crops(image.pk)
        new = EventImage.objects.get(pk=image.pk).renditions["banner"].storage_names()
        assert new != old and all(media_storage.exists(name) for name in old + new)  # both until commit
    assert not any(media_storage.exists(name) for name in old)
    assert all(media_storage.exists(name) for name in new)


def test_a_rolled_back_recut_keeps_the_old_crops_and_leaves_no_new_file(event, files):
    image = stored(event)
    before = files()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.remake_crops(image.pk)
        raise RuntimeError("rolled back")
    assert EventImage.objects.get(pk=image.pk).renditions["banner"].storage_names()[0] in str(before)
    assert set(files()) >= set(before)


def test_the_placeholder_describes_the_upright_image():
    sideways = images.jpeg_with_exif((800, 400), orientation=6)  # upright: 400 x 800
    processed = process_image(sideways, [], ImagePolicy())
    assert (processed.original.width, processed.original.height) == (400, 800)
    hashed = base64.b64decode(processed.placeholder.thumbhash)
    assert thumbhash.thumb_hash_to_approximate_aspect_ratio(list(hashed)) < 0.75


def test_overlapping_alternate_runs_keep_the_first_record_and_leave_no_orphan(
    event, files, settings, monkeypatch
):
    image = stored(event)  # no RENDITION_FORMATS yet: no alternates
    settings.EVENTMEDIA = {"RENDITION_FORMATS": {"event": ["WEBP"]}}
    label = image._meta.label
    real, other_run = rendition_services.encode_alternates, []

    def another_run_finishes_meanwhile(*args, **kwargs):
        if not other_run:
            other_run.append("running")
            other_run[0] = services.make_alternates(label, image.pk)  # a second worker, start to end
        return real(*args, **kwargs)

    monkeypatch.setattr(rendition_services, "encode_alternates", another_run_finishes_meanwhile)
    services.make_alternates(label, image.pk)
    image.refresh_from_db()
    recorded = {name: r.alternates for name, r in image.renditions.items()}
    assert other_run == [4] and all(set(alternates) == {"webp"} for alternates in recorded.values())
    referenced = {f"{name}" for name in image.file_names()}
    assert set(files()) == referenced  # the later run's copies went: no file without a row


@pytest.mark.parametrize("aggregate", ["image", "slide", "event"])
def test_an_update_never_inserts_a_deleted_row_again_even_without_the_reread(event, aggregate, monkeypatch):
    if aggregate == "image":
        row, change = stored(event), lambda row: services.change_event_image(row, caption="Again")
    elif aggregate == "slide":
        data = documents.pdf()
        row = services.add_slide(
            event=event, title="T", data=data, sniffed=services.check_document_bytes(data)
        )
        change = lambda row: services.change_slide(row, title="Again")  # noqa: E731
    else:
        row, change = event, lambda row: services.change_event(row, name="Again")
    monkeypatch.setattr(UnitOfWork, "reread", lambda self, instance: instance)  # the first defence gone
    type(row).objects.filter(pk=row.pk).delete()  # another request deletes the row meanwhile
    with pytest.raises(DatabaseError):
        change(row)
    assert not type(row).objects.filter(pk=row.pk).exists()


def old_document(user) -> DocumentUpload:
    data = documents.pdf()
    (upload,) = services.save_uploaded_documents(
        documents=[(data, services.check_document_bytes(data))], user=user
    )
    DocumentUpload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - timedelta(days=2))
    return upload


def test_unattached_documents_expire_by_the_scheduled_job(user, files):
    old_document(user)
    assert len(files()) == 1
    assert jobs.scheduled("expire_uploads")() == {"images": 0, "documents": 1, "kept": 0}
    assert files() == [] and not DocumentUpload.objects.exists()


def test_unattached_documents_expire_by_the_cleanup_command(user, files, event):
    old_document(user)
    kept = Slide.objects.count()
    call_command("eventmedia_cleanup", "--delete", stdout=open("/dev/null", "w"))
    assert files() == [] and not DocumentUpload.objects.exists() and Slide.objects.count() == kept
