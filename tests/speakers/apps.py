"""The test site's speakers app."""

from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "tests.speakers"
    label = "speakers"
    default_auto_field = "django.db.models.BigAutoField"
