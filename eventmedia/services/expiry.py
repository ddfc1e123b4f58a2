"""Uploads nothing attached: deleted once they are older than ``UPLOAD_LIFETIME``; kept files whose
record is gone (``kept.forget_orphans``) go in the same sweep."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..conf import media_settings
from ..models import DocumentUpload, ImageUpload
from .kept import forget_orphans


def expire_uploads(lifetime: int | None = None) -> dict[str, int]:
    """Delete uploads older than ``lifetime`` seconds (``UPLOAD_LIFETIME``), rows now and files after
    commit; the number of each kind deleted. An upload that was attached is no longer an upload row,
    so only unattached ones go (none when the lifetime is None). ``kept``: the kept files of records
    that are gone, deleted whatever the lifetime."""
    lifetime = media_settings.UPLOAD_LIFETIME if lifetime is None else lifetime
    images = documents = 0
    if lifetime is not None:
        cutoff = timezone.now() - timedelta(seconds=lifetime)
        with transaction.atomic():
            images, _ = ImageUpload.objects.filter(created_at__lt=cutoff).delete()
            documents, _ = DocumentUpload.objects.filter(created_at__lt=cutoff).delete()
    return {"images": images, "documents": documents, "kept": forget_orphans()}
