"""Background tasks record a refusal: the work they were asked to do was no longer allowed when they ran."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eventmedia", "0005_kept_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="backgroundtask",
            name="refusal",
            field=models.JSONField(blank=True, default=dict, verbose_name="refusal"),
        ),
    ]
