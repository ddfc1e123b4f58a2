"""The demo site's pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.static import serve

from eventmedia import sources
from eventmedia.api.permissions import can_manage_event
from eventmedia.models import get_event_model
from eventmedia.sources import picker


def home(request):
    events = get_event_model().objects.all()
    return render(request, "home.html", {"events": events})


def event_detail(request, pk: int):
    event = get_object_or_404(get_event_model(), pk=pk)
    return render(request, "event_detail.html", {"event": event})


@login_required
def event_instagram(request, pk: int):
    """An organizer connects Instagram, browses recent posts, and imports them as the background."""
    event = get_object_or_404(get_event_model(), pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    instagram = sources.get("instagram")
    if request.method == "POST":
        ids = request.POST.getlist("media_ids")
        ok, message, task = picker.import_and_describe(instagram, request.user, event, ids)
        (messages.success if ok else messages.error)(request, message)
        if task:  # running on a worker: this page shows its progress
            return redirect(f"{reverse('event-instagram', args=[event.pk])}?task={task}")
        return redirect("event-detail", pk=event.pk) if ok else redirect("event-instagram", pk=event.pk)
    picked = picker.picker_context(
        instagram, request.user, request.GET.get("after"), request.GET.get("task"), event
    )
    return render(request, "event_instagram.html", {"event": event, "picker": picked})


def media(request, path: str):
    """Serve uploaded media (demo only); MEDIA_ROOT is read per request so tests can change it."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
