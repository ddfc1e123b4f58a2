"""The one sequence every write of eventmedia follows, written once: ``UnitOfWork``.

1. Write the new files (``FileWriter``: if anything later fails, they are deleted again).
2. In one transaction, lock the rows the change depends on (the event first, then the row itself) and
   read the row again (``select_for_update``): the files to delete are those of the row as committed
   now, not as another request left it. A row (or its event) deleted meanwhile raises ``Gone``.
3. Apply the change and save it without ever re-inserting a row that exists (Django's ``save()``
   would insert a row deleted meanwhile; ``update_fields`` refuses to).
4. Once the transaction commits, delete the files the row stopped using, ask for the work that
   follows (AVIF/WebP alternates of the new renditions, ``eventmedia.jobs``) and tell the site
   (``signals.image_stored``); a rollback keeps the old files and asks for nothing.

On SQLite the locks need ``"OPTIONS": {"transaction_mode": "IMMEDIATE"}`` (check ``eventmedia.W004``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import IntegrityError, models, transaction

from .. import jobs, signals
from ..conf import media_settings
from ..models import StoredFile, StoredImage, get_event_model
from ..storage import FileWriter, delete_on_commit, new_folder

Values = dict[str, Any]


class Gone(LookupError):
    """The row a change was for (or the event it belongs to) was deleted meanwhile."""


def owned_files(current: models.Model) -> list[str]:
    """Every file of the row: what a change that replaces all of them retires."""
    return current.file_names()


class UnitOfWork:
    """Files written, rows locked and re-read, changes saved, unused files deleted after commit.

    ``journal`` (background tasks pass one) is told each new folder before anything is written in
    it, so that a worker killed between writing and committing leaves files that can be found.
    """

    def __init__(self, *, journal: Callable[[str], None] | None = None):
        self.writer = FileWriter()
        self._journal = journal

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.writer.__exit__(*exc_info)  # the files go again if the change failed

    # -- 1. files ------------------------------------------------------------------------------------

    def folder(self, kind: str) -> str:
        """A new folder of ``kind`` for this change's files (journaled first)."""
        folder = new_folder(kind)
        if self._journal is not None:
            self._journal(folder)
        return folder

    def write(self, name: str, content: bytes, content_type: str) -> str:
        """Store one file; the name it was stored under. Deleted again if the change fails."""
        return self.writer.write(name, content, content_type)

    def discard(self) -> None:
        """Delete every file this change wrote (it will not be committed)."""
        self.writer.discard()

    # -- 2. locks and re-reads -------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, *, event_pk: Any = None) -> Iterator[UnitOfWork]:
        """A transaction that starts by locking the event row (when given); ``Gone`` if it was deleted."""
        with transaction.atomic():
            if event_pk is not None:
                lock_event(event_pk)
            yield self

    def reread(self, instance: models.Model) -> models.Model:
        """The row as committed now, locked until the transaction ends; ``Gone`` if it was deleted."""
        current = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
        if current is None:
            raise Gone(f"{instance._meta.label} {instance.pk} deleted")
        return current

    # -- 3. saves --------------------------------------------------------------------------------------

    def save(self, instance: models.Model, fields: list[str] | None = None) -> None:
        """Insert a new row, or update an existing one (``fields``, default all) without re-inserting it."""
        save_without_reinsert(instance, fields)

    def insert_unless_taken(self, instance: models.Model) -> bool:
        """Insert ``instance`` in a savepoint (and ask for its alternates); False when a concurrent
        insert took its unique slot."""
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            return False
        self.stored(instance)
        return True

    def replace(
        self,
        instance: models.Model,
        values: Values | Callable[[models.Model], Values],
        *,
        event_pk: Any = None,
        unused: Callable[[models.Model], Iterable[str]] = owned_files,
        fields: list[str] | None = None,
        before_save: Callable[[models.Model], None] | None = None,
        new_image: bool = True,
    ) -> models.Model:
        """The whole sequence for one row: lock (the event first), re-read, apply ``values`` (or what
        ``values(current)`` returns), ``before_save``, save (``fields``), then after commit delete
        what ``unused(current)`` names and, for ``new_image`` files, announce them (``stored``). A new
        row is inserted (nothing to re-read or retire)."""
        with self.locked(event_pk=event_pk):
            adding = instance.pk is None or instance._state.adding
            current = None if adding else self.reread(instance)
            changes = values(current) if callable(values) else values
            retired = [] if current is None else list(unused(current))
            for name, value in changes.items():
                setattr(instance, name, value)
            if before_save is not None:
                before_save(instance)
            self.save(instance, fields)
            self.retire(retired)
            if new_image:
                self.stored(instance)
        return instance

    # -- 4. after commit -------------------------------------------------------------------------------

    def retire(self, names: Iterable[str]) -> None:
        """Delete ``names`` once the change commits (kept if it rolls back)."""
        delete_on_commit(names, self.writer.storage)

    def stored(self, instance: models.Model) -> None:
        """An image's files are new: once committed, ask for its alternates and send ``image_stored``."""
        if isinstance(instance, StoredImage):
            want_alternates(instance)
            signals.send_after_commit(signals.image_stored, instance)

    def take_over(self, upload: StoredFile) -> None:
        """Delete the row ``upload`` whose files another row now uses: its files stay."""
        setattr(upload, signals.FILES_TAKEN_OVER, True)
        upload.delete()


def lock_event(event_pk: Any) -> None:
    """Lock the event row; ``Gone`` if it no longer exists (an upload racing the event's deletion)."""
    if not get_event_model().objects.select_for_update().filter(pk=event_pk).exists():
        raise Gone("event deleted")


def save_without_reinsert(instance: models.Model, fields: list[str] | None = None) -> None:
    """Insert a new row, or update an existing one without ever re-inserting it."""
    if instance.pk is None or instance._state.adding:
        instance.save()
        return
    names = fields or [
        f.name for f in instance._meta.concrete_fields if not f.primary_key and f.name != "created_at"
    ]
    instance.save(update_fields=names)


def want_alternates(image: models.Model) -> None:
    """Once this transaction commits, ask for the image's renditions in the group's other formats
    (``RENDITION_FORMATS``), made by the job ``make_alternates``."""
    if media_settings.RENDITION_FORMATS.get(getattr(image, "rendition_group", "")):
        jobs.after_commit("make_alternates", image._meta.label, image.pk)


def change_fields(instance: models.Model, changes: Values) -> models.Model:
    """Change plain fields of a locked, re-read row; ``Gone`` when it was deleted meanwhile."""
    with UnitOfWork() as work, work.locked():
        work.reread(instance)
        for name, value in changes.items():
            setattr(instance, name, value)
        if changes:
            work.save(instance, list(changes))
    return instance


def delete_stored(instance: StoredFile) -> None:
    """Delete a row; its files follow after commit (see ``signals``)."""
    with transaction.atomic():
        instance.delete()
