"""The renditions of a stored image as typed values: the one place their stored form is read.

A row keeps the facts of each rendition in a JSON column, ``{name: {"name": <storage name>, "width",
"height", "bytes", "format"}}`` (a slide's preview is one such entry), so that building a URL never
needs a storage call. ``Renditions.from_json`` reads that column and ``to_json`` writes it; everything
else (models, serializers, template tags, admin, services) works with ``Rendition`` objects, which
know their name, size, format, storage name and URL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rendition:
    """One stored rendition (``name`` is the rendition's, ``storage_name`` the file's)."""

    name: str
    storage_name: str
    width: int
    height: int
    bytes: int = 0
    format: str = ""
    storage: Any = field(default=None, repr=False, compare=False)
    # Its alternates: the same rendition in other formats (AVIF, WebP), made later by a task,
    # {"avif": storage name, ...}. ``format`` is only ever the rendition's own.
    alternates: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def url(self) -> str:
        """The file's URL from its storage (no storage call for local disk or plain S3 URLs)."""
        return self.storage.url(self.storage_name) if self.storage is not None else ""

    def alternate_urls(self) -> dict[str, str]:
        """``{"avif": url, "webp": url}`` of the alternates made so far."""
        if self.storage is None:
            return {}
        return {fmt: self.storage.url(name) for fmt, name in self.alternates.items()}

    def storage_names(self) -> list[str]:
        """This rendition's files: its own and its alternates'."""
        return [self.storage_name, *self.alternates.values()]

    def to_json(self) -> dict[str, Any]:
        """The stored form (see the module)."""
        stored = {
            "name": self.storage_name,
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "format": self.format,
        }
        if self.alternates:
            stored["formats"] = dict(self.alternates)  # the stored key predates the name
        return stored

    @classmethod
    def from_json(cls, name: str, facts: Any, storage: Any = None) -> Rendition | None:
        """The rendition ``facts`` describe, or None when they name no file."""
        if not isinstance(facts, Mapping) or not facts.get("name"):
            return None
        return cls(
            name=name,
            storage_name=str(facts["name"]),
            width=int(facts.get("width") or 0),
            height=int(facts.get("height") or 0),
            bytes=int(facts.get("bytes") or 0),
            format=str(facts.get("format") or ""),
            storage=storage,
            alternates={str(k): str(v) for k, v in (facts.get("formats") or {}).items() if v},
        )


@dataclass(frozen=True)
class ImageFacts:
    """What a stored image is: its original (storage name, format, bytes, pixels), its renditions and
    its placeholder. Written once by the services and carried whole when another row takes the files
    over (an upload attached to an event); every answer that shows an image shows these."""

    file: str
    format: str
    file_size: int
    width: int
    height: int
    renditions: Renditions
    placeholder: dict[str, Any] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        """The values of the row's fields (and ``renditions``) that hold these facts."""
        return {
            "file": self.file,
            "format": self.format,
            "file_size": self.file_size,
            "width": self.width,
            "height": self.height,
            "renditions": self.renditions,
            "placeholder": dict(self.placeholder),
        }


class Renditions(Mapping[str, Rendition]):
    """An image's renditions by name, in the order they were made (largest first by default)."""

    def __init__(self, renditions: list[Rendition] | tuple[Rendition, ...] = ()):
        self._by_name = {rendition.name: rendition for rendition in renditions}

    @classmethod
    def from_json(cls, data: Any, storage: Any = None) -> Renditions:
        """The renditions stored as ``data`` (entries that name no file are left out)."""
        items = data.items() if isinstance(data, Mapping) else ()
        return cls([r for name, facts in items if (r := Rendition.from_json(name, facts, storage))])

    def to_json(self) -> dict[str, dict[str, Any]]:
        return {name: rendition.to_json() for name, rendition in self._by_name.items()}

    def storage_names(self) -> list[str]:
        """Every file of every rendition (what is deleted with the image), other formats included."""
        return [name for rendition in self._by_name.values() for name in rendition.storage_names()]

    def by_width(self) -> list[Rendition]:
        """Narrowest first: what a ``srcset`` lists."""
        return sorted(self._by_name.values(), key=lambda rendition: (rendition.width, rendition.name))

    def __getitem__(self, name: str) -> Rendition:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"Renditions({list(self._by_name.values())!r})"
