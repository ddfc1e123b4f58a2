"""The one import loop every source runs: chosen items in, event images out, with reasons for the rest.

Each image goes through the upload pipeline and is stored on its own, so one bad item is reported in
``skipped`` while the others import. An event holds one image per (source, id): importing an item
twice, or two imports of it at once, yields one image. The first image imported becomes the event's
background. With ``tracking`` (a ``BackgroundTask`` id), progress is reported after each item and
every folder is journalled before it is written, so a worker that dies mid-import can be resumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import DataError, IntegrityError

from .. import background, services
from ..imaging import MediaError
from ..models import BackgroundTask, EventImage, ImageKind
from ..text import storable
from .base import Candidate, Skipped, Source, StopImport

CAPTION_LENGTH = EventImage._meta.get_field("caption").max_length


@dataclass
class ImportResult:
    imported: list[EventImage] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    # Seconds the source asked us to wait before the items it stopped ("throttled") are tried again.
    retry_after: int | None = None
    stopped: list[str] = field(default_factory=list)


def import_items(
    source: Source, *, user: Any, event: Any, item_ids: list[str], tracking: str | None = None
) -> ImportResult:
    """Import the chosen items of ``source`` into ``event`` for ``user`` (see the module); refuses
    with the source's ``Refusal`` when the user has no usable access."""
    session = source.session(user)
    result = ImportResult()
    wanted = list(dict.fromkeys(str(item) for item in item_ids))[: source.max_items]
    journal = background.journal(tracking)
    background.progress(tracking, 0, len(wanted))
    for position, item_id in enumerate(wanted):
        if position:
            background.progress(tracking, position)
        try:
            candidates = session.candidates(item_id)
        except StopImport as stop:
            result.skipped += [{"id": later, "reason": stop.reason} for later in wanted[position:]]
            result.stopped, result.retry_after = wanted[position:], stop.retry_after
            break
        except Skipped as skipped:
            result.skipped.append({"id": item_id, "reason": skipped.reason})
            continue
        for candidate in candidates:
            image = _import_one(source, session, event, user, candidate, result, journal)
            if image is not None:
                result.imported.append(image)
    if result.imported:
        services.change_event_image(result.imported[0], kind=ImageKind.BACKGROUND)
    return result


def _imported(source: Source, event: Any, candidate: Candidate) -> EventImage | None:
    return EventImage.objects.filter(
        event=event, source=source.name, external_id=candidate.external_id
    ).first()


def _import_one(source, session, event, user, candidate: Candidate, result, journal) -> EventImage | None:
    existing = _imported(source, event, candidate)
    if existing is not None:
        return existing
    try:
        processed = services.process_image_bytes(session.download(candidate), "event")
    except Skipped as skipped:
        result.skipped.append({"id": candidate.external_id, "reason": skipped.reason})
        return None
    except MediaError as error:
        result.skipped.append({"id": candidate.external_id, "reason": error.code})
        return None
    try:
        return services.save_event_image(
            event=event,
            processed=processed,
            kind=ImageKind.GALLERY,
            caption=storable(candidate.caption, CAPTION_LENGTH),
            user=user,
            source=source.name,
            external_id=candidate.external_id,
            journal=journal,
        )
    except IntegrityError:  # the same item imported concurrently: keep the other request's image
        return _imported(source, event, candidate)
    except DataError:  # a value no column can hold (an id of 500 characters): this item only
        result.skipped.append({"id": storable(candidate.external_id, 64), "reason": "unstorable"})
        return None


def start_import(source: Source, *, user: Any, event: Any, item_ids: list[str]) -> BackgroundTask:
    """Start ``import_items`` on the task worker as a tracked ``BackgroundTask``, once the user's access
    is checked (a user without it is told now rather than by the worker)."""
    source.session(user)
    return background.start(
        kind=source.task_kind,
        user=user,
        arguments={"event": str(event.pk), "media_ids": [str(i) for i in item_ids]},
        total=len(item_ids),
    )
