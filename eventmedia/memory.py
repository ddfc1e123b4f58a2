"""Memory a big upload used, given back once its request has finished.

A 12 MP upload moves tens of megabytes through a web worker (the body, the data URI, the decoded
bytes, Pillow's image blocks). Two things kept them after the answer had gone:

- Django and DRF keep a request in reference cycles (the messages storage and the lazy user point
  back at the request, the view and its parser context at each other, a serializer and its fields
  at each other), so whatever those objects hold waits for Python's next full collection, which can
  be many uploads away. Code that knows where an upload's payload sits passes ``mark_upload`` a
  callable that lets go of it (``eventmedia.api.payload``); it runs once the request has finished.
- glibc keeps freed memory in its arenas for reuse, so a worker's resident size stays high, shared by
  nobody. After an upload request, ``release_after_upload`` asks glibc to return the free pages
  (``malloc_trim``). Elsewhere (macOS, musl) that step does nothing.

Both are wired to Django's ``request_started`` and ``request_finished`` in ``EventMediaConfig.ready``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Callable

_state = threading.local()


def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_TRIM = _malloc_trim()


def mark_upload(*releases: Callable[[], None]) -> None:
    """Note that this thread's request carries an upload; ``releases`` let go of its payload once the
    request has finished."""
    _state.upload = True
    _state.releases = [*getattr(_state, "releases", ()), *releases]


def forget_marks(**_signal) -> None:
    """``request_started`` receiver: a new request starts with nothing to release (marks left by work
    outside a request, whose finish never came, are dropped here rather than kept)."""
    _state.upload = False
    _state.releases = []


def release_after_upload(**_signal) -> None:
    """``request_finished`` receiver: after a request that carried an upload, let go of its payload and
    give the free memory back."""
    if getattr(_state, "upload", False):
        releases, _state.releases, _state.upload = _state.releases, [], False
        for release in releases:
            release()
        if _TRIM is not None:
            _TRIM(0)
