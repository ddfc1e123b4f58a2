"""Django app configuration for Connect Instagram (``eventmedia.contrib.instagram``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstagramConfig(AppConfig):
    name = "eventmedia.contrib.instagram"
    label = "eventmedia_instagram"
    verbose_name = _("Event media: Instagram")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ... import extensions
        from . import checks  # noqa: F401 - registers the system checks
        from .conf import SECTION
        from .defaults import DEFAULTS
        from .panel import SECTION as PANEL
        from .problems import register_problems
        from .tasks import IMPORT_KIND, REFRESH_JOB

        extensions.register_settings(SECTION, DEFAULTS)
        register_problems()
        extensions.register_api_urls("eventmedia.contrib.instagram.api_urls")
        extensions.register_tracked_task(
            IMPORT_KIND, "eventmedia.contrib.instagram.tasks.import_instagram_media"
        )
        extensions.register_admin_panel(PANEL)
        extensions.register_scheduled_job(REFRESH_JOB, "eventmedia.contrib.instagram.tasks.refresh_report")
