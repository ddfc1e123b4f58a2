"""Importers: where an event's images come from besides uploads.

A source (``base.Source``) is registered by its app (``register``); the core gives every source the
same import loop (``importer``), picker (``picker``), admin panel section (``panel``) and API views
(``eventmedia.api.sources``). Connect Instagram (``eventmedia.contrib.instagram``) is one; images
fetched from hosts the site allows (``IMAGE_URL_HOSTS``) are the built-in ``url`` source.
"""

from .base import Candidate, Page, PageItem, Session, Skipped, Source, StopImport
from .importer import ImportResult, import_items, start_import
from .registry import all_sources, by_task_kind, get, register

__all__ = [
    "Candidate",
    "ImportResult",
    "Page",
    "PageItem",
    "Session",
    "Skipped",
    "Source",
    "StopImport",
    "all_sources",
    "by_task_kind",
    "get",
    "import_items",
    "register",
    "start_import",
]
