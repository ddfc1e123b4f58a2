"""A bound on the uploads one process works on at once: past it, 503 at once instead of a queue.

Processing an upload holds a CPU core and tens of megabytes for tens to hundreds of milliseconds.
Without a bound, a burst of uploads makes every one of them slow until clients time out. With
``EVENTMEDIA["MAX_CONCURRENT_UPLOADS"]`` set, a request that would exceed it is answered 503
``server_busy`` with ``Retry-After`` straight away (its body is drained first, so the client reads
the answer instead of a reset connection). Only requests that carry a body are counted.

``Retry-After`` gives each refused client its own turn. A refusal is cheap but not free (a request
through Django, a body read and dropped): 64 clients told to come back after one second refuse each
other some 60 times a second and starve the upload they are waiting for. So each refusal books the
next turn, one mean upload time (per place) after the last booked one: one collision is still told
1 second, a crowd is spread over the time the process needs to serve it (at most
``MAX_RETRY_AFTER`` seconds). The mean is learnt from the uploads this process admitted.
"""

from __future__ import annotations

import math
import threading
import time

from ..conf import media_settings
from ..problems import Refusal

_lock = threading.Lock()
_running = 0
_BODY_METHODS = ("POST", "PUT", "PATCH")
# A refused body is read a mebibyte at a time (gunicorn's largest recv): each read hands the GIL over to
# the upload being processed and back; at 256 KiB a crowd of 64 clients cost about 10 % of the uploads.
_DRAIN_CHUNK = 1024 * 1024
MAX_RETRY_AFTER = 30
# Seconds an admitted upload takes, on average (an exponential moving average, this much of each new one).
_upload_seconds = 0.25
_LEARNING_RATE = 0.2
_last_turn = 0.0  # _clock() of the last turn handed to a refused client
_clock = time.monotonic


def enter(request) -> float | None:
    """Count ``request`` in, or refuse it with ``server_busy``: the time it was admitted at (give it to
    ``leave``), or None when it is not counted."""
    global _running
    limit = media_settings.MAX_CONCURRENT_UPLOADS
    if not limit or request.method not in _BODY_METHODS:
        return None
    with _lock:
        if _running < limit:
            _running += 1
            return _clock()
        wait = _book_turn(limit)
    _drain(request)
    raise Refusal("server_busy", retry_after=wait)


def leave(admitted_at: float) -> None:
    """Release the place ``enter`` took at ``admitted_at``."""
    global _running, _upload_seconds
    took = _clock() - admitted_at
    with _lock:
        _running -= 1
        _upload_seconds += _LEARNING_RATE * (took - _upload_seconds)


def _book_turn(limit: int) -> int:
    """Seconds until the next free turn, booked for the client being refused (hold ``_lock``)."""
    global _last_turn
    now = _clock()
    _last_turn = min(max(_last_turn, now) + _upload_seconds / limit, now + MAX_RETRY_AFTER)
    return max(1, math.ceil(_last_turn - now))


def _drain(request) -> None:
    """Read and drop the body, so that the client is not still sending when the answer comes."""
    try:
        while request._request.read(_DRAIN_CHUNK):
            pass
    except Exception:  # noqa: BLE001 - a client that went away: nothing to answer anyway
        pass
