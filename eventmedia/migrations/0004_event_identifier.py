"""Events get a public identifier (Open Event's clients key events by it): added without a default,
filled for the rows there are, then made unique with the default new rows get."""

import uuid

from django.db import migrations, models

import eventmedia.models


def fill_identifiers(apps, schema_editor):
    Event = apps.get_model("eventmedia", "Event")
    if Event._meta.swapped:  # the site has its own event model: eventmedia's table is not there
        return
    taken = set()
    for event in Event.objects.filter(identifier__isnull=True).only("pk"):
        identifier = uuid.uuid4().hex[:8]
        while identifier in taken or Event.objects.filter(identifier=identifier).exists():
            identifier = uuid.uuid4().hex[:8]
        taken.add(identifier)
        Event.objects.filter(pk=event.pk).update(identifier=identifier)


class Migration(migrations.Migration):
    dependencies = [
        ("eventmedia", "0003_focal_point"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="identifier",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="identifier"),
        ),
        migrations.RunPython(fill_identifiers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="identifier",
            field=models.CharField(
                default=eventmedia.models.new_event_identifier,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="identifier",
            ),
        ),
    ]
