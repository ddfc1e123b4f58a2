"""The site's own event model: a UUID key, other field names, private fields, a required foreign key,
and its own rule for who manages media."""

import uuid

from django.conf import settings
from django.db import models


class Series(models.Model):
    name = models.CharField(max_length=100)


class Conference(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=100)
    series = models.ForeignKey(Series, on_delete=models.CASCADE)  # required: the API cannot fill it
    venue = models.CharField(max_length=100, blank=True)  # the site's own business, not the API's
    internal_notes = models.TextField(blank=True)
    organizers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

    def can_manage_media(self, user) -> bool:
        return self.organizers.filter(pk=user.pk).exists()
