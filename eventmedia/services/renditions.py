"""An image's renditions made again: after a change of ``RENDITIONS``, and in other formats (AVIF, WebP)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.apps import apps

from .. import background
from ..conf import media_settings
from ..imaging.alternates import encode_alternates
from ..imaging.formats import STORED_FORMATS
from ..models import BackgroundTask, StoredImage
from ..renditions import Renditions
from ..storage import read_stored
from .files import placeholder_of, write_renditions
from .processing import process_image_bytes
from .unit_of_work import Gone, UnitOfWork, want_alternates

# The kind of the journal record of an AVIF/WebP run (``background.open_journal``).
ALTERNATES_KIND = "alternates"


def make_alternates(model_label: str, pk: Any) -> int:
    """Encode the renditions of an image that lack them in its group's other formats (its alternates,
    ``RENDITION_FORMATS``); the number of files written. Renditions replaced meanwhile are skipped
    (their new versions get their own turn)."""
    image = apps.get_model(model_label).objects.filter(pk=pk).first()
    formats = tuple(media_settings.RENDITION_FORMATS.get(getattr(image, "rendition_group", ""), ()))
    if image is None or not formats:
        return 0
    # Journalled: a worker killed between writing and committing leaves a record that
    # ``eventmedia_resume_tasks`` finds, removing the files and making the copies again.
    record = background.open_journal(ALTERNATES_KIND, {"model": model_label, "pk": str(pk)})
    try:
        return _make_alternates(image, formats, record.pk)
    except Exception:
        background.close_journal(record.pk)  # the unit of work removed this attempt's files
        raise


def _make_alternates(image: StoredImage, formats: tuple[str, ...], journal_id: str) -> int:
    written: dict[str, dict[str, str]] = {}
    # Gone when deleted meanwhile: the new files are removed
    with UnitOfWork(journal=background.journal(journal_id)) as work:
        folder = work.folder("renditions")
        for name, rendition in image.renditions.items():
            missing = tuple(fmt for fmt in formats if fmt.lower() not in rendition.alternates)
            if not missing:
                continue
            encoded = encode_alternates(
                read_stored(rendition.storage_name, image.file.storage),
                missing,
                avif_quality=media_settings.AVIF_QUALITY,
                webp_quality=media_settings.WEBP_QUALITY,
            )
            for fmt, content in encoded.items():
                extension, content_type = STORED_FORMATS[fmt]
                stored = work.write(f"{folder}/{name}.{extension}", content, content_type)
                written.setdefault(rendition.storage_name, {})[fmt.lower()] = stored
        kept: set[str] = set()

        def with_the_new_formats(current: StoredImage) -> dict[str, Any]:
            updated = []
            for rendition in current.renditions.values():
                # A format another run recorded meanwhile stays; this run's copy of it goes.
                extra = {
                    fmt: stored
                    for fmt, stored in written.get(rendition.storage_name, {}).items()
                    if fmt not in rendition.alternates
                }
                kept.update(extra.values())
                updated.append(replace(rendition, alternates={**rendition.alternates, **extra}))
            return {"renditions": Renditions(updated)}

        def copies_no_rendition_keeps(current: StoredImage) -> list[str]:
            # Files for renditions that were replaced meanwhile belong to no row: they go.
            return [n for names in written.values() for n in names.values() if n not in kept]

        work.replace(
            image,
            with_the_new_formats,
            unused=copies_no_rendition_keeps,
            fields=["rendition_data"],
            new_image=False,
            before_save=lambda _: background.close_journal(journal_id),  # in the committing transaction
        )
    return sum(len(names) for names in written.values())


def resume_alternates(journal_id: str) -> int:
    """Make the copies a killed attempt journalled again (its files were removed by the resume)."""
    record = BackgroundTask.objects.filter(pk=journal_id).first()
    if record is None:
        return 0
    background.close_journal(journal_id)
    return make_alternates(record.arguments["model"], record.arguments["pk"])


def rebuild_renditions(image: StoredImage) -> StoredImage:
    """Remake an image's renditions from its stored original with the current ``RENDITIONS``."""
    data = read_stored(image.file.name, image.file.storage)
    processed = process_image_bytes(data, image.rendition_group, getattr(image, "focal_point", None))
    with UnitOfWork() as work:  # Gone when deleted meanwhile: the new files are removed
        renditions = write_renditions(work, processed.renditions, work.folder("renditions"))
        return work.replace(
            image,
            {"renditions": renditions, "placeholder": placeholder_of(processed)},
            unused=lambda current: current.renditions.storage_names(),
            fields=["rendition_data", "placeholder"],
        )


def rebuild_renditions_by_key(model_label: str, pk: int) -> bool:
    """``rebuild_renditions`` for a row named by model label and pk; False when it is gone or cannot be
    rebuilt."""
    image = apps.get_model(model_label).objects.filter(pk=pk).first()
    if image is None:
        return False
    try:
        rebuild_renditions(image)
    except Gone:
        return False
    return True


# The names these had before "alternates" (kept for sites that call them).
make_formats = make_alternates
want_formats = want_alternates
