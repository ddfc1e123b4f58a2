"""The speakers of the test site."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Speaker",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("photo_url", models.CharField(blank=True, max_length=2000, null=True)),
                ("slides", models.JSONField(blank=True, default=list)),
            ],
        ),
    ]
