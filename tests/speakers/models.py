"""A speaker as a site keeps one: its photo is a URL attribute (Open Event's ``photo-url``), and its
talk's slides a list of ``{"name", "link"}`` (Open Event's ``slides``)."""

from django.db import models


class Speaker(models.Model):
    name = models.CharField(max_length=100)
    photo_url = models.CharField(max_length=2000, null=True, blank=True)
    slides = models.JSONField(default=list, blank=True)
