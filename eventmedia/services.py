"""The use cases: every write of eventmedia goes through one of these functions.

HTTP views, the admin, tasks and management commands call these; only these open transactions. Each
one follows the same order so that nothing is ever half-written: run the pipeline (pure, may refuse
with ``MediaError``), write the files, then create or update the row inside a transaction. If the row
cannot be written, the files just written are deleted; files a row stops using are deleted only after
the change commits.

Concurrent requests are expected. Inside each transaction the rows a change depends on are locked
and read again (``select_for_update``), so the files to delete are those of the row as it is now,
not as another request left it. A row (or its event) deleted meanwhile raises ``Gone``; an update
never re-inserts a deleted row (Django's ``save()`` would). On SQLite, locks need
``"OPTIONS": {"transaction_mode": "IMMEDIATE"}`` (check ``eventmedia.W004``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import signals
from .conf import media_settings
from .imaging import (
    ImagePolicy,
    MediaError,
    ProcessedImage,
    parse_rendition_specs,
    pdf_preview,
    process_image,
    sniff_document,
)
from .imaging.alternates import encode_alternates
from .imaging.crops import CENTER
from .imaging.documents import SniffedDocument
from .imaging.formats import STORED_FORMATS
from .imaging.pipeline import EncodedImage, crop_renditions
from .models import (
    SINGLE_KINDS,
    UPLOADED,
    DocumentUpload,
    EventImage,
    ImageKind,
    ImageUpload,
    Slide,
    StoredFile,
    StoredImage,
    UserImage,
    get_event_model,
)
from .renditions import Rendition, Renditions
from .storage import FileWriter, delete_on_commit, new_folder

logger = logging.getLogger(__name__)


class Gone(LookupError):
    """The row a change was for (or the event it belongs to) was deleted meanwhile."""


# -- Pipeline entry points (pure: no files, no rows) ---------------------------------------------------


def image_policy() -> ImagePolicy:
    """What the pipeline accepts and how it encodes, from ``EVENTMEDIA``."""
    return ImagePolicy(
        allowed_formats=tuple(media_settings.ALLOWED_IMAGE_FORMATS),
        max_pixels=media_settings.MAX_PIXELS,
        max_frames=media_settings.MAX_FRAMES,
        max_icc_bytes=media_settings.MAX_ICC_BYTES,
        jpeg_quality=media_settings.JPEG_QUALITY,
        webp_quality=media_settings.WEBP_QUALITY,
        jpeg_progressive=media_settings.JPEG_PROGRESSIVE,
        jpeg_optimize=media_settings.JPEG_OPTIMIZE,
        transparent_format=media_settings.TRANSPARENT_FORMAT,
        animated=media_settings.ANIMATED_IMAGES,
        max_original_size=tuple(media_settings.MAX_ORIGINAL_SIZE),
        max_reencode_pixels=media_settings.MAX_REENCODE_PIXELS,
        focal_default=media_settings.FOCAL_POINT_DEFAULT,
    )


def process_image_bytes(
    data: bytes, rendition_group: str = "event", focal_point: dict | None = None
) -> ProcessedImage:
    """Validate and convert image bytes for ``rendition_group`` (crops cut around ``focal_point``,
    ``{"x", "y"}``); raises ``MediaError``."""
    specs = parse_rendition_specs(media_settings.RENDITIONS.get(rendition_group, {}))
    return process_image(data, specs, image_policy(), focal=_focal(focal_point))


def _focal(point: dict | None) -> tuple[float, float] | None:
    return (float(point["x"]), float(point["y"])) if point else None


def _point(focal: tuple[float, float] | None) -> dict | None:
    return {"x": focal[0], "y": focal[1]} if focal else None


def check_document_bytes(data: bytes) -> SniffedDocument:
    """Sniff a slide or document; raises ``MediaError``."""
    return sniff_document(
        data,
        allowed_formats=tuple(media_settings.ALLOWED_DOCUMENT_FORMATS),
        max_bytes=media_settings.MAX_DOCUMENT_BYTES,
    )


# -- Writing files ---------------------------------------------------------------------------------


def write_image_files(writer: FileWriter, processed: ProcessedImage, folder: str) -> dict[str, Any]:
    """Store an original and its renditions in ``folder``; return the field values that describe them."""
    original = processed.original
    name = writer.write(f"{folder}/original.{original.extension}", original.content, original.content_type)
    return {
        "file": name,
        "format": original.format.lower(),
        "file_size": len(original.content),
        "width": original.width,
        "height": original.height,
        "renditions": write_renditions(writer, processed, folder),
        "placeholder": processed.placeholder.to_json() if processed.placeholder else {},
    }


def write_renditions(writer: FileWriter, processed: ProcessedImage, folder: str) -> Renditions:
    """Store each rendition of ``processed`` in ``folder``."""
    return Renditions(
        [
            _stored_rendition(
                name,
                writer.write(f"{folder}/{name}.{encoded.extension}", encoded.content, encoded.content_type),
                encoded,
            )
            for name, encoded in processed.renditions.items()
        ]
    )


def _stored_rendition(name: str, storage_name: str, encoded) -> Rendition:
    return Rendition(
        name=name,
        storage_name=storage_name,
        width=encoded.width,
        height=encoded.height,
        bytes=len(encoded.content),
        format=encoded.format.lower(),
    )


def write_document_file(writer: FileWriter, data: bytes, sniffed: SniffedDocument, kind: str):
    """Store a sniffed document in a new folder of ``kind``; the field values that describe it."""
    name = writer.write(f"{new_folder(kind)}/document.{sniffed.extension}", data, sniffed.content_type)
    return {"file": name, "format": sniffed.format.lower(), "file_size": len(data)}


def _apply(instance: models.Model, fields: dict[str, Any]) -> None:
    for field, value in fields.items():
        setattr(instance, field, value)


def store_image(
    instance: StoredImage,
    processed: ProcessedImage,
    *,
    folder: str,
    journal: Callable[[str], None] | None = None,
) -> StoredImage:
    """Point ``instance`` (new or existing) at freshly written files for ``processed`` and save it.

    The files go to a new folder of kind ``folder``; ``journal`` (used by background tasks) is told
    that folder before anything is written in it. An existing row's previous files (read under a row
    lock) are deleted once the change commits. Raises ``Gone`` when the row or its event was deleted
    meanwhile; the new files are removed then.
    """
    target = new_folder(folder)
    if journal is not None:
        journal(target)
    with FileWriter() as writer:
        fields = write_image_files(writer, processed, target)
        with transaction.atomic():
            if isinstance(instance, EventImage):
                _lock_event(instance.event_id)
            previous = _lock_current(instance).file_names() if instance.pk else []
            _apply(instance, fields)
            if isinstance(instance, EventImage):
                _release_single_kind(instance)
            _save(instance)
            delete_on_commit(previous, instance.file.storage)
            want_formats(instance)
    return instance


def _lock_event(event_pk: Any) -> None:
    """Lock the event row; ``Gone`` if it no longer exists (an upload racing the event's deletion)."""
    if not get_event_model().objects.select_for_update().filter(pk=event_pk).exists():
        raise Gone("event deleted")


def _lock_current(instance: models.Model) -> models.Model:
    """The row as committed now, locked until the transaction ends; ``Gone`` if it was deleted."""
    current = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None:
        raise Gone(f"{instance._meta.label} {instance.pk} deleted")
    return current


def _save(instance: models.Model, fields: list[str] | None = None) -> None:
    """Insert a new row, or update an existing one without ever re-inserting it."""
    if instance.pk is None or instance._state.adding:
        instance.save()
        return
    names = fields or [
        f.name for f in instance._meta.concrete_fields if not f.primary_key and f.name != "created_at"
    ]
    instance.save(update_fields=names)


def _release_single_kind(image: EventImage) -> None:
    """An event has one background and one logo: the previous holder moves to the gallery.

    The caller holds the event row's lock, so two requests making different images the background
    queue up instead of one of them tripping the unique constraint.
    """
    if image.kind in SINGLE_KINDS:
        holders = EventImage.objects.filter(event_id=image.event_id, kind=image.kind)
        if image.pk:
            holders = holders.exclude(pk=image.pk)
        holders.update(kind=ImageKind.GALLERY)


# -- Use cases -------------------------------------------------------------------------------------


def save_uploaded_image(*, processed: ProcessedImage, user: AbstractBaseUser) -> ImageUpload:
    """Store an image sent to ``/upload/image`` as an ``ImageUpload`` of ``user``."""
    return store_image(ImageUpload(uploaded_by=user), processed, folder="uploads")


class UploadNotFound(Exception):
    """A URL that is not one of the user's own uploads (still kept): nothing is fetched for it."""


def find_upload(url: str, *, user: AbstractBaseUser, model: type[StoredFile], request=None) -> StoredFile:
    """The upload of ``user`` (an ``ImageUpload`` or ``DocumentUpload``) that ``url`` points at.

    ``url`` is what ``/upload/image`` or ``/upload/files`` answered: its path is compared with the
    path of each candidate's URL (the host and a signed URL's query may differ), candidates being the
    user's uploads whose folder the URL names. ``UploadNotFound`` for anything else.
    """
    path = urlsplit(str(url or "")).path
    folder = re.search(r"/([0-9a-f]{32})/[^/]+$", path)
    if folder is None:
        raise UploadNotFound(url)
    for upload in model.objects.filter(uploaded_by=user, file__contains=f"/{folder.group(1)}/"):
        if upload.file and urlsplit(upload.url).path == path:
            return upload
    raise UploadNotFound(url)


class ImageURLRefused(Exception):
    """An image URL on ``IMAGE_URL_HOSTS`` could not be fetched (``reason``: the downloader's code)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def image_url_allowed(url: str) -> bool:
    """Whether ``url``'s host is on ``IMAGE_URL_HOSTS`` (nothing is, unless the site says so)."""
    if not media_settings.IMAGE_URL_HOSTS:
        return False
    from .download import match_host  # needs requests: imported only by sites that allow hosts

    return match_host(urlsplit(str(url)).hostname or "", tuple(media_settings.IMAGE_URL_HOSTS)) is not None


def fetch_image_url(url: str) -> bytes:
    """The bytes at ``url``, fetched under the download guard (allow-list, https, public addresses,
    ``MAX_UPLOAD_BYTES``, a total deadline); ``ImageURLRefused`` with the reason otherwise."""
    from .download import DownloadPolicy, DownloadRefused, fetch

    policy = DownloadPolicy(
        hosts=tuple(media_settings.IMAGE_URL_HOSTS),
        require_https=media_settings.IMAGE_URL_REQUIRE_HTTPS,
        max_bytes=media_settings.MAX_UPLOAD_BYTES,
        timeout=media_settings.IMAGE_URL_TIMEOUT,
        deadline=media_settings.IMAGE_URL_DEADLINE,
    )
    try:
        return fetch(url, policy)
    except DownloadRefused as refused:
        raise ImageURLRefused(refused.code) from None


def attach_image_upload(
    upload: ImageUpload, *, event: models.Model, kind: str, user: AbstractBaseUser | None = None
) -> EventImage:
    """Make ``upload`` an image of ``event`` of ``kind`` without decoding it again: the new row takes
    over the upload's files (already processed with the event renditions) and the upload row goes.
    The previous background or logo moves to the gallery."""
    with transaction.atomic():
        _lock_event(event.pk)
        current = _lock_current(upload)  # Gone when it expired or was attached meanwhile
        image = EventImage(
            event=event,
            kind=kind,
            uploaded_by=user or current.uploaded_by,
            file=current.file.name,
            format=current.format,
            file_size=current.file_size,
            width=current.width,
            height=current.height,
            placeholder=current.placeholder,
        )
        image.renditions = current.renditions
        _release_single_kind(image)
        image.save()
        want_formats(image)
        setattr(current, signals.FILES_TAKEN_OVER, True)
        current.delete()
    return image


def attach_document_upload(
    upload: DocumentUpload, *, event: models.Model, title: str, session: str = "", user=None
) -> Slide:
    """Make ``upload`` a slide of ``event``: the slide takes over its file; a PDF gets its preview."""
    with transaction.atomic():
        _lock_event(event.pk)
        current = _lock_current(upload)
        slide = Slide.objects.create(
            event=event,
            title=title,
            session=session,
            uploaded_by=user or current.uploaded_by,
            file=current.file.name,
            format=current.format,
            file_size=current.file_size,
        )
        setattr(current, signals.FILES_TAKEN_OVER, True)
        current.delete()
        if slide.format == "pdf" and pdf_preview.available():
            transaction.on_commit(lambda: signals.preview_wanted.send(sender=Slide, slide_id=slide.pk))
    return slide


def set_avatar_from_upload(upload: ImageUpload, *, user: AbstractBaseUser) -> UserImage:
    """Make ``upload`` the user's avatar: the avatar takes over its original (same file, same URL) and
    gets the avatar renditions, made from that original; the upload row, its event-sized renditions
    and the previous avatar's files go."""
    with upload.file.open("rb") as handle:
        processed = process_image_bytes(handle.read(), "avatar")
    with FileWriter() as writer:
        renditions = write_renditions(writer, processed, new_folder("avatars"))
        with transaction.atomic():
            current = _lock_current(upload)
            avatar = UserImage.objects.select_for_update().filter(user=user).first()
            previous = avatar.file_names() if avatar else []
            fields = {
                "file": current.file.name,
                "format": current.format,
                "file_size": current.file_size,
                "width": current.width,
                "height": current.height,
                "renditions": renditions,
                "placeholder": processed.placeholder.to_json() if processed.placeholder else {},
            }
            if avatar is None:
                avatar = UserImage(user=user, **fields)
            else:
                _apply(avatar, fields)
            _save(avatar)
            unused = current.renditions.storage_names()  # the upload's event sizes
            setattr(current, signals.FILES_TAKEN_OVER, True)
            current.delete()
            delete_on_commit([*previous, *unused], avatar.file.storage)
            want_formats(avatar)
    return avatar


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


def save_uploaded_documents(
    *, documents: list[tuple[bytes, SniffedDocument]], user: AbstractBaseUser
) -> list[DocumentUpload]:
    """Store several documents all or nothing."""
    with FileWriter() as writer:
        rows = [
            DocumentUpload(uploaded_by=user, **write_document_file(writer, data, sniffed, "documents"))
            for data, sniffed in documents
        ]
        with transaction.atomic():
            for row in rows:
                row.save()
    return rows


def save_event_image(
    *,
    event: models.Model,
    processed: ProcessedImage,
    kind: str = ImageKind.GALLERY,
    caption: str = "",
    user: AbstractBaseUser | None = None,
    source: str = UPLOADED,
    external_id: str = "",
    journal: Callable[[str], None] | None = None,
) -> EventImage:
    """Store ``processed`` as an image of ``event`` (files first, then the row).

    Importers pass their ``source`` name and the image's ``external_id`` there; an event holds one image
    per (source, external_id), so a second save of the same post raises ``IntegrityError``.
    """
    image = EventImage(
        event=event,
        kind=kind,
        caption=caption,
        uploaded_by=user,
        source=source,
        external_id=external_id,
        focal_point=_point(processed.focal_point),  # the site's "detail" default, if it found one
    )
    return store_image(image, processed, folder="events", journal=journal)


def change_event_image(image: EventImage, **changes: Any) -> EventImage:
    """Change kind, caption or focal point; taking the background or logo kind moves the old holder
    to the gallery, and a new focal point has the crop renditions remade by a task after commit
    (``signals.crops_stale``).

    Raises ``Gone`` when the image was deleted meanwhile (a PATCH racing a DELETE).
    """
    with transaction.atomic():
        _lock_event(image.event_id)
        current = _lock_current(image)
        moved = "focal_point" in changes and changes["focal_point"] != current.focal_point
        _apply(image, changes)
        _release_single_kind(image)
        fields = [name for name in ("kind", "caption", "focal_point") if name in changes]
        _save(image, fields or ["kind", "caption"])
        if moved and any(spec.crop for spec in _specs(image.rendition_group)):
            transaction.on_commit(lambda: signals.crops_stale.send(sender=EventImage, image_id=image.pk))
    return image


def _specs(group: str):
    return parse_rendition_specs(media_settings.RENDITIONS.get(group, {}))


def remake_crops(image_id: int) -> bool:
    """Cut the crop renditions of an event image again around its focal point; the old crop files go
    after commit. False when the image is gone (or has no crop renditions)."""
    image = EventImage.objects.filter(pk=image_id).first()
    crops = [spec for spec in _specs("event") if spec.crop]
    if image is None or not crops:
        return False
    with image.file.open("rb") as handle:
        original = EncodedImage(handle.read(), image.format.upper(), image.width, image.height)
    focal = _focal(image.focal_point) or CENTER
    made = crop_renditions(original, crops, focal, image_policy())
    with FileWriter() as writer:
        folder = new_folder("renditions")
        fresh = [
            _stored_rendition(
                name, writer.write(f"{folder}/{name}.{out.extension}", out.content, out.content_type), out
            )
            for name, out in made.items()
        ]
        with transaction.atomic():
            current = _lock_current(image)  # Gone when deleted meanwhile: the writer removes the files
            replaced = [
                n for name, r in current.renditions.items() if name in made for n in r.storage_names()
            ]
            new = {r.name: r for r in fresh}
            # In place of the old crops, in their order; crops the image never had go last.
            merged = [new.pop(name, r) for name, r in current.renditions.items()] + list(new.values())
            current.renditions = Renditions(merged)
            current.save(update_fields=["rendition_data"])
            delete_on_commit(replaced, current.file.storage)
            want_formats(current)
    return True


def want_formats(image: StoredImage) -> None:
    """Once this transaction commits, ask for the image's renditions in the group's other formats
    (``RENDITION_FORMATS``), made by a task (``signals.formats_wanted``)."""
    if media_settings.RENDITION_FORMATS.get(image.rendition_group):
        label, pk = image._meta.label, image.pk
        transaction.on_commit(lambda: signals.formats_wanted.send(sender=type(image), label=label, pk=pk))


def make_formats(model_label: str, pk: Any) -> int:
    """Encode the renditions of an image that lack them in its group's other formats; the number of
    files written. Renditions replaced meanwhile are skipped (their new versions get their own turn)."""
    from django.apps import apps

    image = apps.get_model(model_label).objects.filter(pk=pk).first()
    formats = tuple(media_settings.RENDITION_FORMATS.get(getattr(image, "rendition_group", ""), ()))
    if image is None or not formats:
        return 0
    folder, written = new_folder("renditions"), {}
    with FileWriter() as writer:
        for name, rendition in image.renditions.items():
            missing = tuple(fmt for fmt in formats if fmt.lower() not in rendition.formats)
            if not missing:
                continue
            with image.file.storage.open(rendition.storage_name) as handle:
                encoded = encode_alternates(
                    handle.read(),
                    missing,
                    avif_quality=media_settings.AVIF_QUALITY,
                    webp_quality=media_settings.WEBP_QUALITY,
                )
            for fmt, content in encoded.items():
                extension, content_type = STORED_FORMATS[fmt]
                stored = writer.write(f"{folder}/{name}.{extension}", content, content_type)
                written.setdefault(rendition.storage_name, {})[fmt.lower()] = stored
        with transaction.atomic():
            current = _lock_current(image)  # Gone when deleted meanwhile: the writer removes the files
            kept, updated = set(), []
            for rendition in current.renditions.values():
                # A format another run recorded meanwhile stays; this run's copy of it goes.
                extra = {
                    fmt: name
                    for fmt, name in written.get(rendition.storage_name, {}).items()
                    if fmt not in rendition.formats
                }
                kept.update(extra.values())
                updated.append(replace(rendition, formats={**rendition.formats, **extra}))
            current.renditions = Renditions(updated)
            current.save(update_fields=["rendition_data"])
            # Files for renditions that were replaced meanwhile belong to no row: they go.
            delete_on_commit([n for names in written.values() for n in names.values() if n not in kept],
                             current.file.storage)  # fmt: skip
    return sum(len(names) for names in written.values())


def _change_fields(instance: models.Model, changes: dict[str, Any]) -> models.Model:
    """Change plain fields of a locked, re-read row; ``Gone`` when it was deleted meanwhile."""
    with transaction.atomic():
        _lock_current(instance)
        _apply(instance, changes)
        if changes:
            _save(instance, list(changes))
    return instance


def change_slide(slide: Slide, **changes: Any) -> Slide:
    """Change a slide's title or session; ``Gone`` when it was deleted meanwhile."""
    return _change_fields(slide, changes)


def set_avatar(*, user: AbstractBaseUser, processed: ProcessedImage) -> UserImage:
    """Create or replace ``user``'s avatar; the replaced files are deleted after commit.

    Two replacements at once queue on the avatar row; of two first uploads at once, the one whose
    insert loses the race becomes an update. Either way the last one wins and the other's files are
    deleted, so one avatar and no orphan files remain.
    """
    with FileWriter() as writer:
        fields = write_image_files(writer, processed, new_folder("avatars"))
        with transaction.atomic():
            avatar = UserImage.objects.select_for_update().filter(user=user).first()
            if avatar is None:
                avatar = UserImage(user=user, **fields)
                try:
                    with transaction.atomic():  # a savepoint: a lost insert race is retried as an update
                        avatar.save()
                    want_formats(avatar)
                    return avatar
                except IntegrityError:
                    avatar = UserImage.objects.select_for_update().get(user=user)
            previous = avatar.file_names()
            _apply(avatar, fields)
            _save(avatar)
            delete_on_commit(previous, avatar.file.storage)
            want_formats(avatar)
    return avatar


def add_slide(
    *,
    event: models.Model,
    title: str,
    data: bytes,
    sniffed: SniffedDocument,
    session: str = "",
    user: AbstractBaseUser | None = None,
) -> Slide:
    """Store a slide document. A PDF's preview is asked for once the row is committed: the
    ``preview_wanted`` signal, which ``eventmedia.tasks`` answers by enqueueing ``make_slide_preview``."""
    with FileWriter() as writer:
        fields = write_document_file(writer, data, sniffed, "slides")
        with transaction.atomic():
            _lock_event(event.pk)
            slide = Slide.objects.create(
                event=event, title=title, session=session, uploaded_by=user, **fields
            )
            if sniffed.format == "PDF" and pdf_preview.available():
                transaction.on_commit(lambda: signals.preview_wanted.send(sender=Slide, slide_id=slide.pk))
    return slide


def make_slide_preview(slide_id: int) -> bool:
    """Render a PDF slide's first page through the image pipeline and attach it as the preview."""
    slide = Slide.objects.filter(pk=slide_id).first()
    if slide is None or slide.format != "pdf":
        return False
    with slide.file.open("rb") as handle:
        data = handle.read()
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
    image = processed.original
    with FileWriter() as writer:
        name = writer.write(
            f"{new_folder('previews')}/preview.{image.extension}", image.content, image.content_type
        )
        with transaction.atomic():
            locked = Slide.objects.select_for_update().filter(pk=slide_id).first()
            if locked is None:  # deleted while its preview was rendered: nothing to attach it to
                writer.discard()
                return False
            previous = [locked.preview.storage_name] if locked.preview else []
            locked.preview = _stored_rendition("preview", name, image)
            locked.save(update_fields=["preview_data"])
            delete_on_commit(previous, locked.file.storage)
    return True


def rebuild_renditions(image: StoredImage) -> StoredImage:
    """Remake an image's renditions from its stored original with the current ``RENDITIONS``."""
    with image.file.open("rb") as handle:
        data = handle.read()
    processed = process_image_bytes(data, image.rendition_group, getattr(image, "focal_point", None))
    with FileWriter() as writer:
        renditions = write_renditions(writer, processed, new_folder("renditions"))
        with transaction.atomic():
            current = _lock_current(image)  # Gone when deleted meanwhile: the writer removes the files
            previous = current.renditions.storage_names()
            image.renditions = renditions
            image.placeholder = processed.placeholder.to_json() if processed.placeholder else {}
            image.save(update_fields=["rendition_data", "placeholder"])
            want_formats(image)
            delete_on_commit(previous, image.file.storage)
    return image


def rebuild_renditions_by_key(model_label: str, pk: int) -> bool:
    """``rebuild_renditions`` for a row named by model label and pk; False when it is gone or cannot be
    rebuilt."""
    from django.apps import apps

    image = apps.get_model(model_label).objects.filter(pk=pk).first()
    if image is None:
        return False
    try:
        rebuild_renditions(image)
    except Gone:
        return False
    return True


def delete_stored(instance: StoredFile) -> None:
    """Delete a row; its files follow after commit (see ``signals``)."""
    with transaction.atomic():
        instance.delete()


def create_event(serializer, **extra: Any) -> models.Model:
    """Create an event from a validated DRF serializer (its own fields, plus ``extra``)."""
    with transaction.atomic():
        return serializer.save(**extra)


def add_event(event: models.Model) -> models.Model:
    """Insert a new event row (the admin's add form)."""
    with transaction.atomic():
        event.save(force_insert=True)
    return event


def change_event(event: models.Model, **changes: Any) -> models.Model:
    """Change an event's own fields; ``Gone`` when it was deleted meanwhile (a PATCH racing a DELETE)."""
    return _change_fields(event, changes)


def delete_event(event: models.Model) -> None:
    """Delete an event; its images and slides cascade and their files go after commit."""
    with transaction.atomic():
        event.delete()
