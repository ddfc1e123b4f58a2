"""Memory a big upload used, given back to the operating system once its request has finished.

A 12 MP upload moves tens of megabytes through the allocator (the body, the decoded bytes, Pillow's
image blocks). glibc keeps freed memory in its arenas for reuse, so after a few large uploads on a
few threads a web worker's resident size stays hundreds of megabytes high, shared by nobody. After a
request that carried an upload (``mark_upload``), ``release_after_upload`` asks glibc to return the
free pages (``malloc_trim``). Elsewhere (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading

_state = threading.local()


def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_TRIM = _malloc_trim()


def mark_upload() -> None:
    """Note that this thread's request carries an upload."""
    _state.upload = True


def release_after_upload(**_signal) -> None:
    """``request_finished`` receiver: after a request that carried an upload, give the free memory back."""
    if getattr(_state, "upload", False):
        _state.upload = False
        if _TRIM is not None:
            _TRIM(0)
