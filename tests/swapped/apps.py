"""App config of the swapped-event-model test site."""

from django.apps import AppConfig


class SwappedConfig(AppConfig):
    name = "tests.swapped"
    label = "swapped"
    default_auto_field = "django.db.models.BigAutoField"
