"""The demo's own models: its event (what a site's model looks like when it swaps eventmedia's) and sessions.

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


class Session(models.Model):
    """A talk of an event, as Open Event's session resource shows it; its slides name uploads by URL
    (``slides_url``, and ``slides``: a list of ``{"name", "link"}``), kept with it by eventmedia."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True, default="")
    short_abstract = models.TextField(_("short abstract"), blank=True, default="")
    long_abstract = models.TextField(_("long abstract"), blank=True, default="")
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, default="draft")
    slides_url = models.CharField(_("slides URL"), max_length=2000, null=True, blank=True)
    slides = models.JSONField(_("slides"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("starts_at", "id")
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title
