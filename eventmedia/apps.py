"""Django app configuration for eventmedia."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventMediaConfig(AppConfig):
    name = "eventmedia"
    verbose_name = _("Event media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signals, sources, tasks  # noqa: F401 - the system checks, the core's jobs
        from .api import schema  # noqa: F401 - registers drf-spectacular extensions when installed
        from .sources.url import URLSource

        signals.connect()
        sources.register(URLSource())  # images at allowed web addresses, the built-in source
