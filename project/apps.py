"""App config of the demo site (it holds the seed_demo command)."""

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "project"
    label = "demo_project"
    verbose_name = "Demo site"
