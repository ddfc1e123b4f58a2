"""eventmedia_cleanup finds files no row references, deletes them only when asked, spares young ones."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from eventmedia import services
from eventmedia.models import ImageUpload
from tests import images

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> str:
    out = io.StringIO()
    call_command("eventmedia_cleanup", *args, stdout=out)
    return out.getvalue()


def age(path, minutes):
    past = time.time() - minutes * 60
    os.utime(path, (past, past))


def test_orphans_are_listed_then_deleted_and_referenced_files_kept(user, media_root, files):
    kept = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    orphan = media_root / "eventmedia" / "uploads" / "ab" / "abandoned" / "original.jpg"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"left behind by a rolled-back request")
    young = orphan.parent / "large.jpg"
    young.write_bytes(b"still being written by a running request")
    for path in media_root.rglob("*.jpg"):
        age(path, 120)
    age(young, 1)
    report = run()
    assert "orphan: eventmedia/uploads/ab/abandoned/original.jpg" in report and "large.jpg" not in report
    assert orphan.exists()  # only listed
    run("--delete")
    assert not orphan.exists() and young.exists()
    assert all((media_root / name).exists() for name in kept.file_names())


def test_old_unattached_uploads(user, files):
    upload = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    ImageUpload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - timedelta(days=30))
    run("--uploads-older-than", "31", "--delete")
    assert ImageUpload.objects.exists()  # not that old
    run("--uploads-older-than", "7")
    assert ImageUpload.objects.exists()  # only listed
    run("--uploads-older-than", "7", "--delete")
    assert not ImageUpload.objects.exists() and files() == []


def test_uploads_expire_after_the_upload_lifetime(user, files, settings):
    old = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    young = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    ImageUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    ImageUpload.objects.filter(pk=young.pk).update(created_at=timezone.now() - timedelta(hours=23))
    # What eventmedia_schedule_cleanup's job runs on the worker; the default lifetime is 24 h.
    assert services.expire_uploads() == {"images": 1, "documents": 0, "kept": 0}
    assert list(ImageUpload.objects.values_list("pk", flat=True)) == [young.pk]
    assert sorted(files()) == sorted(young.file_names())
    settings.EVENTMEDIA = {"UPLOAD_LIFETIME": None}  # kept for ever
    ImageUpload.objects.filter(pk=young.pk).update(created_at=timezone.now() - timedelta(days=365))
    assert (
        services.expire_uploads() == {"images": 0, "documents": 0, "kept": 0} and ImageUpload.objects.exists()
    )


def test_delete_also_removes_folders_left_empty(user, media_root):
    kept = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    abandoned = media_root / "eventmedia" / "uploads" / "cd" / "abandoned"
    abandoned.mkdir(parents=True)
    (abandoned / "original.jpg").write_bytes(b"left behind")
    fresh = media_root / "eventmedia" / "uploads" / "ef" / "just-made"
    fresh.mkdir(parents=True)  # a running request may be about to write here
    for path in [*media_root.rglob("*")]:
        age(path, 120)
    age(fresh, 1)
    report = run("--delete")
    # The abandoned folder and its parent, now empty too; never the young one or its parent.
    assert "1 orphan file(s) deleted" in report and "2 empty folder(s) removed" in report
    assert not abandoned.parent.exists() and fresh.exists()
    assert all((media_root / name).exists() for name in kept.file_names())


def test_rows_whose_files_are_missing_are_reported_not_deleted(user, media_root):
    upload = services.save_uploaded_image(processed=services.process_image_bytes(images.jpeg()), user=user)
    (media_root / upload.file.name).unlink()  # a file deleted by hand, or a backup restored without it
    report = run("--delete")
    assert f"missing: eventmedia.ImageUpload {upload.pk}: {upload.file.name}" in report
    assert "1 missing file(s) of rows" in report
    assert ImageUpload.objects.filter(pk=upload.pk).exists()
