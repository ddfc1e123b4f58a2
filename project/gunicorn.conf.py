"""gunicorn settings for the demo site (``make serve``), from the environment.

Threaded workers (``gthread``): each process has ``WEB_THREADS`` threads, of which at most
``UPLOADS_PER_PROCESS`` process uploads at once (eventmedia's ``MAX_CONCURRENT_UPLOADS``); the other
threads answer 503 ``server_busy`` at once when uploads pile up, instead of letting them queue until
clients time out. gunicorn has no body-size limit of its own: Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``
and eventmedia's early 413 bound the body, and a proxy in front should set the same limit.

``make serve`` also sets ``MALLOC_ARENA_MAX=2`` (glibc reads it at process start, so it cannot be set
here): with threads, glibc's default arenas keep the memory of past uploads and a worker's peak RSS
grows by about half.
"""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 20
# Longer than the longest Retry-After turn eventmedia gives a refused upload (throttle.MAX_RETRY_AFTER):
# a client told to wait keeps its connection, rather than meeting it closed as it sends again.
keepalive = 35
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
# The default application that imports Django settings: a bad environment variable stops the master.
preload_app = True
