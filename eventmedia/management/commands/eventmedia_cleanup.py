"""``manage.py eventmedia_cleanup``: find files no row points at, and old unattached uploads.

Files can outlive their request when a site wraps eventmedia's services in its own transaction that
later rolls back (``ATOMIC_REQUESTS``), or when a process dies between writing files and saving the
row. This walks the storage under ``UPLOAD_PREFIX`` and lists every file no row references and that
is older than ``--min-age`` minutes (younger ones may belong to a request still running). Nothing is
deleted without ``--delete``; with it, folders left empty (and older than ``--min-age``) are removed
too, on storages that have folders (the file system; S3 has none).

It also reports rows whose files are missing from the storage (restored backups, files deleted by
hand): those rows are listed, never deleted, since only a person can tell what they should point at.

Uploads to ``/upload/image`` and ``/upload/files`` that nothing attached expire after
``UPLOAD_LIFETIME`` (24 h): they are listed, and with ``--delete`` removed, rows and files
(``--uploads-older-than DAYS`` uses another age). ``eventmedia_schedule_cleanup`` does that part on
the task worker, without cron.
"""

import os
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from eventmedia import services
from eventmedia.conf import media_settings
from eventmedia.models import DocumentUpload, ImageUpload
from eventmedia.signals import MODELS_WITH_FILES
from eventmedia.storage import delete_files, media_storage


def walk(storage, folder: str):
    """Every file name under ``folder`` in ``storage``, depth first."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}")


class Command(BaseCommand):
    help = "List (and with --delete, remove) eventmedia files that no row references."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Delete what is found (default: only list)."
        )
        parser.add_argument(
            "--min-age", type=int, default=60, help="Ignore files younger than this (minutes)."
        )
        parser.add_argument(
            "--uploads-older-than",
            type=int,
            metavar="DAYS",
            help="Unattached uploads expire at this age (default UPLOAD_LIFETIME).",
        )

    def handle(self, *args, delete=False, min_age=60, uploads_older_than=None, **options):
        lifetime = (
            media_settings.UPLOAD_LIFETIME if uploads_older_than is None else uploads_older_than * 86400
        )
        if lifetime is not None:
            if delete:
                expired = services.expire_uploads(lifetime)  # files follow after commit (signals)
            else:
                cutoff = timezone.now() - timedelta(seconds=lifetime)
                expired = {
                    "images": ImageUpload.objects.filter(created_at__lt=cutoff).count(),
                    "documents": DocumentUpload.objects.filter(created_at__lt=cutoff).count(),
                }
            done = "deleted" if delete else "found (use --delete to remove them)"
            self.stdout.write(
                f"expired uploads: {expired['images']} image(s), {expired['documents']} document(s) "
                f"older than {lifetime} s {done}"
            )
        prefix = media_settings.UPLOAD_PREFIX
        try:
            stored = list(walk(media_storage, prefix))
        except FileNotFoundError:
            stored = []
        present = set(stored)
        referenced = set()
        missing = 0
        for model in MODELS_WITH_FILES:
            for row in model.objects.iterator():
                names = [name for name in row.file_names() if name]
                referenced.update(names)
                for name in names:
                    if name not in present:
                        missing += 1
                        self.stdout.write(f"missing: {model._meta.label} {row.pk}: {name}")
        too_young = timezone.now() - timedelta(minutes=min_age)
        orphans = [
            name
            for name in stored
            if name not in referenced and media_storage.get_modified_time(name) < too_young
        ]
        for name in orphans:
            self.stdout.write(f"orphan: {name}")
        folders = 0
        if delete:
            old_folders = folders_older_than(media_storage, prefix, too_young)  # before deleting changes them
            delete_files(orphans)
            folders = remove_empty_folders(old_folders)
        verb = "deleted" if delete else "found (use --delete to remove them)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(orphans)} orphan file(s) {verb}; {len(stored)} file(s) checked; "
                f"{folders} empty folder(s) removed; {missing} missing file(s) of rows."
            )
        )


def folders_older_than(storage, prefix: str, older_than: datetime) -> list[str]:
    """Local folders under ``prefix`` (deepest first) unchanged since ``older_than``.

    A younger folder may have just been made by a request about to write into it. Empty on storages
    without local paths: object stores have no folders.
    """
    try:
        root = storage.path(prefix)
    except NotImplementedError:
        return []
    cutoff = older_than.timestamp()
    return [
        folder
        for folder, _subfolders, _names in os.walk(root, topdown=False)
        if folder != root and os.path.getmtime(folder) < cutoff
    ]


def remove_empty_folders(folders: list[str]) -> int:
    """Remove those of ``folders`` (deepest first) that are empty now; the count removed."""
    removed = 0
    for folder in folders:
        try:
            os.rmdir(folder)  # fails unless empty
            removed += 1
        except OSError:
            pass
    return removed
