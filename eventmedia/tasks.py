"""Background work, on Django's task framework (the ``django-tasks`` backport).

With the default immediate backend these run in-process right after the request's transaction
commits; point ``TASKS`` at a worker backend (the demo uses RQ when ``REDIS_URL`` is set) to move them
out of the request. Tasks only call services.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def make_slide_preview(slide_id: int) -> bool:
    """Render page one of a PDF slide as its preview image."""
    return services.make_slide_preview(slide_id)


def enqueue_slide_preview(sender, *, slide_id: int, **kwargs) -> None:
    """Receiver of ``signals.preview_wanted``: render the preview on the task worker."""
    make_slide_preview.enqueue(slide_id)


@task()
def rebuild_renditions(model_label: str, pk: int) -> bool:
    """Remake the renditions of one stored image with the current ``RENDITIONS``."""
    return services.rebuild_renditions_by_key(model_label, pk)
