"""The demo site's pages."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.static import serve

from eventmedia.models import get_event_model


def home(request):
    events = get_event_model().objects.all()
    return render(request, "home.html", {"events": events})


def event_detail(request, pk: int):
    event = get_object_or_404(get_event_model(), pk=pk)
    return render(request, "event_detail.html", {"event": event})


def media(request, path: str):
    """Serve uploaded media (demo only); MEDIA_ROOT is read per request so tests can change it."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
