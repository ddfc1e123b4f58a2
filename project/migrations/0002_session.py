"""Sessions of the demo's events (Open Event's session resource, its slides named by upload URL)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("demo_project", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Session",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "subtitle",
                    models.CharField(blank=True, default="", max_length=300, verbose_name="subtitle"),
                ),
                ("short_abstract", models.TextField(blank=True, default="", verbose_name="short abstract")),
                ("long_abstract", models.TextField(blank=True, default="", verbose_name="long abstract")),
                ("starts_at", models.DateTimeField(blank=True, null=True, verbose_name="starts at")),
                ("ends_at", models.DateTimeField(blank=True, null=True, verbose_name="ends at")),
                ("state", models.CharField(default="draft", max_length=20, verbose_name="state")),
                (
                    "slides_url",
                    models.CharField(blank=True, max_length=2000, null=True, verbose_name="slides URL"),
                ),
                ("slides", models.JSONField(blank=True, default=list, verbose_name="slides")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="demo_project.event",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "ordering": ("starts_at", "id"),
            },
        ),
    ]
