"""Uploads that a record of the site names by URL (``api.upload_urls.UploadURLField``): kept with it.

A site's speaker, sponsor or session keeps a URL that ``/upload/image`` or ``/upload/files`` answered.
``hold_files`` makes the uploads such a record now names its own (``KeptFile`` rows take over their
files, so they never expire) and deletes, after commit, the kept files the record stopped naming.
``release_holder`` deletes everything a deleted record held; ``forget_orphans`` sweeps what a record
deleted without telling us (a raw queryset delete in a script) left behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast

from ..models import KeptFile, StoredFile, StoredImage
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class NamedFile:
    """An upload that a record's ``attribute`` names anew (by ``url``)."""

    attribute: str
    url: str
    upload: StoredFile


def _path(url: str) -> str:
    return urlsplit(str(url)).path


def held_by(holder: models.Model, attribute: str | None = None) -> models.QuerySet:
    """The kept files of ``holder`` (of one ``attribute`` when given)."""
    files = KeptFile.objects.filter(
        holder_type=ContentType.objects.get_for_model(holder, for_concrete_model=False),
        holder_id=str(holder.pk),
    )
    return files if attribute is None else files.filter(attribute=attribute)


def hold_files(holder: models.Model, new: Iterable[NamedFile], named: Iterable[str]) -> list[KeptFile]:
    """Make ``holder`` keep exactly the files its attributes name (``named``: every URL they hold now):
    uploads ``new``ly named become kept files (their rows go, their files stay; an upload named twice
    is kept once), kept files no longer named are deleted (files after commit). Raises ``Gone`` when
    an upload expired or was taken meanwhile."""
    paths = {_path(url) for url in named}
    kept, taken = [], set()
    holder_type = ContentType.objects.get_for_model(holder, for_concrete_model=False)
    with UnitOfWork() as work, work.locked():
        for item in new:
            if (type(item.upload), item.upload.pk) in taken:
                continue
            taken.add((type(item.upload), item.upload.pk))
            current = work.reread(item.upload)
            row = KeptFile(
                holder_type=holder_type,
                holder_id=str(holder.pk),
                attribute=item.attribute,
                uploaded_by=current.uploaded_by,
            )
            facts = current.facts.fields() if isinstance(current, StoredImage) else _document_fields(current)
            work.replace(row, facts, new_image=False)  # the same files, nothing new to announce
            work.take_over(current)
            kept.append(row)
        for old in held_by(holder).select_for_update():
            if old not in kept and _path(old.url) not in paths:
                old.delete()  # its files follow after commit (signals)
    return kept


def _document_fields(document: StoredFile) -> dict:
    return {"file": document.file.name, "format": document.format, "file_size": document.file_size}


def release_holder(holder: models.Model) -> int:
    """Delete every file ``holder`` kept (it is being deleted); how many."""
    with transaction.atomic():
        deleted, _ = held_by(holder).delete()
    return deleted


def forget_orphans() -> int:
    """Delete kept files whose record is gone (deleted without ``release_holder``); how many."""
    deleted = 0
    for holder_type_id in KeptFile.objects.values_list("holder_type", flat=True).distinct():
        model = ContentType.objects.get_for_id(holder_type_id).model_class()
        files = KeptFile.objects.filter(holder_type_id=holder_type_id)
        if model is not None:  # else the model itself is gone: every file it held goes
            keys = model._default_manager.annotate(_key=Cast("pk", models.CharField())).values("_key")
            files = files.exclude(holder_id__in=keys)
        with transaction.atomic():
            deleted += files.delete()[0]
    return deleted
