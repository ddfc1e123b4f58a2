"""Django app configuration for Connect Instagram (``eventmedia.contrib.instagram``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstagramConfig(AppConfig):
    name = "eventmedia.contrib.instagram"
    label = "eventmedia_instagram"
    verbose_name = _("Event media: Instagram")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ... import extensions, sources
        from . import checks  # noqa: F401 - registers the system checks
        from .conf import SECTION
        from .defaults import DEFAULTS
        from .problems import register_problems
        from .source import InstagramSource
        from .tasks import REFRESH_JOB

        extensions.register_settings(SECTION, DEFAULTS)
        register_problems()
        extensions.register_api_urls("eventmedia.contrib.instagram.api_urls")
        sources.register(InstagramSource())
        extensions.register_scheduled_job(REFRESH_JOB, "eventmedia.contrib.instagram.tasks.refresh_report")
