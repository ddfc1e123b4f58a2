"""The demo's own event model: what a site's model looks like when it swaps eventmedia's.

The path a site takes (docs/site.md, "Your own event model"): subclass ``AbstractEvent`` for the fields
eventmedia needs, add the site's own, and point ``EVENTMEDIA_EVENT_MODEL`` at the model. The fields
beyond eventmedia's are the ones Open Event's event wizard sends and reads back (``state``, ``privacy``,
``timezone``, ``description``); they belong to the site, so they live here, not in eventmedia.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eventmedia.models import AbstractEvent, new_event_identifier


class Event(AbstractEvent):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Privacy(models.TextChoices):
        PUBLIC = "public", _("public")
        PRIVATE = "private", _("private")

    # What Open Event's clients key events by (``/v1/events/{identifier}``): made on create, read-only.
    identifier = models.CharField(
        _("identifier"), max_length=16, unique=True, default=new_event_identifier, editable=False
    )
    description = models.TextField(_("description"), blank=True, default="")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    privacy = models.CharField(_("privacy"), max_length=20, choices=Privacy.choices, default=Privacy.PUBLIC)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")

    class Meta:
        ordering = ("-starts_at", "name")
        verbose_name = _("event")
        verbose_name_plural = _("events")
