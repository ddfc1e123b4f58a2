"""Uploads nothing attached: deleted once they are older than ``UPLOAD_LIFETIME``."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..conf import media_settings
from ..models import DocumentUpload, ImageUpload


def expire_uploads(lifetime: int | None = None) -> dict[str, int]:
    """Delete uploads older than ``lifetime`` seconds (``UPLOAD_LIFETIME``), rows now and files after
    commit; the number of each kind deleted. An upload that was attached is no longer an upload row,
    so only unattached ones go. Nothing when the lifetime is None."""
    lifetime = media_settings.UPLOAD_LIFETIME if lifetime is None else lifetime
    if lifetime is None:
        return {"images": 0, "documents": 0}
    cutoff = timezone.now() - timedelta(seconds=lifetime)
    with transaction.atomic():
        images, _ = ImageUpload.objects.filter(created_at__lt=cutoff).delete()
        documents, _ = DocumentUpload.objects.filter(created_at__lt=cutoff).delete()
    return {"images": images, "documents": documents}
