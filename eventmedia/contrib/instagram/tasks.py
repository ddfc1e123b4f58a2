"""Connect Instagram's background work: the token refresh schedule, and imports queued before the
import loop moved to the core (``eventmedia.tasks.import_from_source`` runs new ones).
"""

from __future__ import annotations

from ... import tasks as core_tasks
from ...task_framework import task
from . import services

REFRESH_JOB = "instagram_token_refresh"  # the scheduled job (background.start_schedule)


def refresh_report() -> dict:
    """Refresh the tokens that are due; what was done (the scheduled job ``instagram_token_refresh``)."""
    report = services.refresh_tokens()
    return {"refreshed": report.refreshed, "needs_reconnect": report.needs_reconnect, "failed": report.failed}


@task()
def import_instagram_media(record_id: str) -> dict:
    """An import a worker may still hold from before the core ran imports: the same work."""
    return core_tasks.import_from_source.call(record_id)
