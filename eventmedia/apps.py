"""Django app configuration for eventmedia."""

from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class EventMediaConfig(AppConfig):
    name = "eventmedia"
    verbose_name = _("Event media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The system checks and the core's jobs register themselves on import.
        from . import checks, memory, signals, sources, tasks  # noqa: F401
        from .api import schema  # noqa: F401 - registers drf-spectacular extensions when installed
        from .sources.url import URLSource

        signals.connect()
        request_started.connect(memory.forget_marks, dispatch_uid="eventmedia-memory")
        request_finished.connect(memory.release_after_upload, dispatch_uid="eventmedia-memory")
        sources.register(URLSource())  # images at allowed web addresses, the built-in source
