"""What an importer is: a source of images a user has access to, and the values it hands over.

A ``Source`` (Instagram, an allowed URL...) is registered once (``eventmedia.sources.register``). For
one user it opens a ``Session`` (or refuses with a ``problems.Refusal``: not connected, say), which can
list a ``Page`` of items for a picker, turn a chosen item into the ``Candidate`` images it gives (an
album gives several) and download one. Everything else (de-duplication, skip reasons, progress,
the journal of folders, the background choice, the picker, the admin section and the API) is the
core's, the same for every source (``importer``, ``picker``, ``panel``, ``eventmedia.api.sources``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class PageItem:
    """One item a picker shows: its id at the source, a preview, and whether it can be imported."""

    id: str
    preview_url: str = ""
    caption: str = ""
    media_type: str = "IMAGE"  # IMAGE, VIDEO (its still), CAROUSEL_ALBUM (its images)
    permalink: str = ""
    timestamp: str = ""

    @property
    def importable(self) -> bool:
        return bool(self.preview_url) or self.media_type == "CAROUSEL_ALBUM"


@dataclass(frozen=True)
class Page:
    """A page of items, newest first, and the cursor of the next page (None on the last)."""

    items: list[PageItem] = field(default_factory=list)
    next_cursor: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One image an item gives: the id it is imported under (once per event) and where it is."""

    external_id: str
    url: str
    caption: str = ""


class Skipped(Exception):
    """This item (or candidate) is not imported; the others are. ``reason`` is a stable code."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class StopImport(Skipped):
    """Nothing more can be imported now (the source asks us to slow down): the rest are skipped.
    ``retry_after``: seconds the source asked us to wait, when it said."""

    def __init__(self, reason: str, retry_after: int | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


class Session(Protocol):
    """A user's access to a source, for one page or one import."""

    def page(self, after: str | None = None) -> Page: ...

    def candidates(self, item_id: str) -> list[Candidate]: ...

    def download(self, candidate: Candidate) -> bytes: ...


class Source(Protocol):
    """An importer. ``name`` is stored as the images' ``source``; ``task_kind`` names its tracked
    imports (``BackgroundTask.kind``); ``id_field``, when set, is the field of the image object that
    shows an image's id at this source (``instagram_media_id``)."""

    name: str
    label: Any  # shown to people ("Instagram"); may be a lazy translation
    task_kind: str
    max_items: int
    id_field: str
    # A template shown above the picker in the admin (a connect button), or "", and the code of the
    # refusal it explains by itself (so the picker does not say it twice).
    connect_template: str
    connect_code: str
    # Whether the admin's media panel shows a section for it (a picker); True unless it says.
    admin_panel: bool

    def available(self) -> bool: ...

    def session(self, user: Any) -> Session: ...
