"""Where a finished upload request's payload sits, and how to let go of it (run by ``eventmedia.memory``).

Django and DRF keep a request's objects in reference cycles, so each of these would hold the upload
until Python's next full collection (under 12 MP uploads a gunicorn worker grew by about 10 MB an
upload):

- the parsed body, DRF's ``request.data`` (for JSON: a dict holding the data URI);
- the raw body, which DRF 3.17 and later read through Django's ``request.body``, where Django caches it;
- a serializer's validated data (the decoded bytes, a ``ProcessedImage``) and its initial data.

``request_payload`` and ``serializer_payload`` give callables that empty them; ``eventmedia.memory``
runs them once the request has finished, when nothing reads them any more. Multipart files need
nothing: Django closes them when the request finishes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.datastructures import MultiValueDict


def _empty(container) -> None:
    # Only the plain containers parsing and validation built; a QueryDict is immutable, and the files in
    # it are closed by Django.
    if isinstance(container, (dict, list)) and not isinstance(container, MultiValueDict):
        container.clear()


def request_payload(request) -> Callable[[], None]:
    """Let go of ``request``'s parsed body and the raw body cached for it (a DRF or Django request)."""

    def release() -> None:
        # ``__dict__``: DRF's Request hands unknown attributes on to Django's request.
        for name in ("_full_data", "_data"):
            _empty(request.__dict__.get(name))
        getattr(request, "_request", request).__dict__.pop("_body", None)

    return release


def serializer_payload(serializer) -> Callable[[], None]:
    """Let go of what ``serializer`` was given and what it made of it."""

    def release() -> None:
        _empty(serializer.__dict__.get("_validated_data"))
        _empty(serializer.__dict__.get("initial_data"))

    return release
