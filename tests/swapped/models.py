"""The site's own event model: a UUID key, other field names, and its own rule for who manages media."""

import uuid

from django.conf import settings
from django.db import models


class Conference(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=100)
    organizers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

    def can_manage_media(self, user) -> bool:
        return self.organizers.filter(pk=user.pk).exists()
