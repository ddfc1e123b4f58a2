"""The record of work that runs in a task worker (``BackgroundTask``): who may see it, how far it
got, what it wrote. A model of the ``eventmedia`` app, importable from ``eventmedia.models``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackgroundTask(models.Model):
    """Work a user started that runs in a task worker: who may see it, how far it got, what it wrote.

    ``id`` is what the API answers (``{"task_id"}``) and ``GET /v1/tasks/{id}`` reads; ``task_result_id``
    is the task framework's id of the current attempt (a resumed task gets a new one). Each attempt
    records the storage folders it is about to write in ``pending_folders`` before writing them, so
    that the files of an attempt killed between writing and committing can be found and removed.
    """

    id = models.CharField(primary_key=True, max_length=64)
    # None for the site's own scheduled work (a token refresh chain, say).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=40)
    arguments = models.JSONField(_("arguments"), default=dict)
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    finished = models.BooleanField(_("finished"), default=False)
    pending_folders = models.JSONField(_("folders being written"), default=list)
    # {"code", "message"} when the task refused to act when it ran (the user may no longer do it).
    refusal = models.JSONField(_("refusal"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    heartbeat = models.DateTimeField(_("last progress"), auto_now=True)

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"
