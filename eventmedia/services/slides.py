"""A talk's slides: stored, attached from an upload, renamed, and a PDF's preview rendered."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from .. import jobs
from ..conf import media_settings
from ..imaging import MediaError, pdf_preview, process_image
from ..imaging.documents import SniffedDocument
from ..models import DocumentUpload, Slide
from ..storage import read_stored
from .files import write_document_file, write_rendition
from .processing import image_policy
from .unit_of_work import Gone, UnitOfWork, change_fields

logger = logging.getLogger(__name__)


def _preview_wanted(slide: Slide) -> None:
    """Once committed, a PDF slide's preview is asked for (the job ``make_slide_preview``)."""
    if slide.format == "pdf" and pdf_preview.available():
        jobs.after_commit("make_slide_preview", slide.pk)


def add_slide(
    *,
    event: models.Model,
    title: str,
    data: bytes,
    sniffed: SniffedDocument,
    session: str = "",
    user: AbstractBaseUser | None = None,
) -> Slide:
    """Store a slide document; a PDF's preview is asked for once the row is committed."""
    with UnitOfWork() as work:
        fields = write_document_file(work, data, sniffed, "slides")
        with work.locked(event_pk=event.pk):
            slide = Slide(event=event, title=title, session=session, uploaded_by=user, **fields)
            work.save(slide)
            _preview_wanted(slide)
    return slide


def attach_document_upload(
    upload: DocumentUpload, *, event: models.Model, title: str, session: str = "", user=None
) -> Slide:
    """Make ``upload`` a slide of ``event``: the slide takes over its file; a PDF gets its preview."""
    with UnitOfWork() as work, work.locked(event_pk=event.pk):
        current = work.reread(upload)
        slide = Slide(
            event=event,
            title=title,
            session=session,
            uploaded_by=user or current.uploaded_by,
            file=current.file.name,
            format=current.format,
            file_size=current.file_size,
        )
        work.save(slide)
        work.take_over(current)
        _preview_wanted(slide)
    return slide


def change_slide(slide: Slide, **changes: Any) -> Slide:
    """Change a slide's title or session; ``Gone`` when it was deleted meanwhile."""
    return change_fields(slide, changes)


def make_slide_preview(slide_id: int) -> bool:
    """Render a PDF slide's first page through the image pipeline and attach it as the preview."""
    slide = Slide.objects.filter(pk=slide_id).first()
    if slide is None or slide.format != "pdf":
        return False
    data = read_stored(slide.file.name, slide.file.storage)
    try:
        rendered = pdf_preview.render_first_page(
            data,
            max_pixels=media_settings.MAX_PIXELS,
            timeout=media_settings.PREVIEW_TIMEOUT,
            max_memory=media_settings.PREVIEW_MAX_MEMORY,
        )
        if rendered is None:
            return False
        processed = process_image(rendered, [], image_policy())
    except MediaError as error:
        logger.warning("eventmedia: no preview for slide %s: %s", slide_id, error.detail)
        return False
    try:
        with UnitOfWork() as work:
            preview = write_rendition(work, "preview", processed.original, work.folder("previews"))
            work.replace(
                slide,
                {"preview": preview},
                unused=lambda current: [current.preview.storage_name] if current.preview else [],
                fields=["preview_data"],
                new_image=False,
            )
    except Gone:  # deleted while its preview was rendered: nothing to attach it to (its file is gone)
        return False
    return True
