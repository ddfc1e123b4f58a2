"""A bound on the uploads one process works on at once: past it, 503 at once instead of a queue.

Processing an upload holds a CPU core and tens of megabytes for tens to hundreds of milliseconds.
Without a bound, a burst of uploads makes every one of them slow until clients time out. With
``EVENTMEDIA["MAX_CONCURRENT_UPLOADS"]`` set, a request that would exceed it is answered 503
``server_busy`` with ``Retry-After`` straight away (its body is drained first, so the client reads
the answer instead of a reset connection). Only requests that carry a body are counted.
"""

from __future__ import annotations

import threading

from ..conf import media_settings
from ..problems import Refusal

_lock = threading.Lock()
_running = 0
_BODY_METHODS = ("POST", "PUT", "PATCH")
_DRAIN_CHUNK = 256 * 1024


def enter(request) -> bool:
    """Count ``request`` in, or refuse it with ``server_busy``; True when it was counted (call ``leave``)."""
    global _running
    limit = media_settings.MAX_CONCURRENT_UPLOADS
    if not limit or request.method not in _BODY_METHODS:
        return False
    with _lock:
        if _running < limit:
            _running += 1
            return True
    _drain(request)
    raise Refusal("server_busy")


def leave() -> None:
    """Release the place ``enter`` took."""
    global _running
    with _lock:
        _running -= 1


def _drain(request) -> None:
    """Read and drop the body, so that the client is not still sending when the answer comes."""
    try:
        while request._request.read(_DRAIN_CHUNK):
            pass
    except Exception:  # noqa: BLE001 - a client that went away: nothing to answer anyway
        pass
