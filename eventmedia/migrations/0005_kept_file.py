"""Kept files: the files of an upload a record of the site names by URL (``UploadURLField``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import eventmedia.storage


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("eventmedia", "0004_event_identifier"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="KeptFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        editable=False,
                        max_length=255,
                        storage=eventmedia.storage.get_media_storage,
                        upload_to="",
                        verbose_name="file",
                    ),
                ),
                ("format", models.CharField(editable=False, max_length=10, verbose_name="format")),
                (
                    "file_size",
                    models.PositiveBigIntegerField(default=0, editable=False, verbose_name="size in bytes"),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created"),
                ),
                ("width", models.PositiveIntegerField(default=0, editable=False, verbose_name="width")),
                ("height", models.PositiveIntegerField(default=0, editable=False, verbose_name="height")),
                (
                    "rendition_data",
                    models.JSONField(
                        blank=True,
                        db_column="renditions",
                        default=dict,
                        editable=False,
                        verbose_name="renditions",
                    ),
                ),
                (
                    "placeholder",
                    models.JSONField(blank=True, default=dict, editable=False, verbose_name="placeholder"),
                ),
                ("holder_id", models.CharField(max_length=64, verbose_name="holder's key")),
                ("attribute", models.CharField(max_length=100, verbose_name="attribute")),
                (
                    "holder_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="held by",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "kept file",
                "verbose_name_plural": "kept files",
                "ordering": ("-created_at", "-id"),
                "indexes": [
                    models.Index(
                        fields=["holder_type", "holder_id", "attribute"], name="eventmedia_kept_holder"
                    )
                ],
            },
        ),
    ]
