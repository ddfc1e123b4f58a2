"""The installed sources, by name; registering one makes its imports trackable and its section of
the admin panel appear."""

from __future__ import annotations

from .. import extensions, jobs
from .base import Source
from .panel import admin_section

_sources: dict[str, Source] = {}

# The task every source's tracked imports run (it takes the BackgroundTask's id).
IMPORT_TASK = "eventmedia.tasks.import_from_source"


def register(source: Source) -> None:
    """Install ``source`` (from its app's ``ready()``)."""
    _sources[source.name] = source
    jobs.register_tracked(source.task_kind, IMPORT_TASK)
    if getattr(source, "admin_panel", True):
        extensions.register_admin_panel(admin_section(source))


def get(name: str) -> Source:
    """The source called ``name``; ``LookupError`` when no installed app registered it."""
    if name not in _sources:
        raise LookupError(f"No installed app provides the image source {name!r}.")
    return _sources[name]


def by_task_kind(kind: str) -> Source:
    """The source whose tracked imports have ``kind``."""
    for source in _sources.values():
        if source.task_kind == kind:
            return source
    raise LookupError(f"No installed image source runs tasks of kind {kind!r}.")


def all_sources() -> list[Source]:
    """Every installed source, in the order they were registered."""
    return list(_sources.values())
