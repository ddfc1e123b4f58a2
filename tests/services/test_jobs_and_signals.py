"""Work after commit through ``eventmedia.jobs`` and the public signals sites listen to.

Jobs are queued only once the change commits (a rollback queues nothing), by the name the services
ask for; ``image_stored`` and ``image_deleted`` are sent after commit, never for a rolled-back change
or for an upload whose files another row took over.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from eventmedia import jobs, services, signals
from eventmedia.models import EventImage, ImageKind, ImageUpload
from tests import images

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    """A stand-in task that records what it was asked to run."""

    def __init__(self):
        self.calls = []

    def enqueue(self, *args):
        self.calls.append(args)
        return self


@pytest.fixture
def recorded(monkeypatch):
    """Replace the registered tasks by recorders, by job name."""
    recorders = {}

    def recorder(name):
        recorders[name] = Recorder()
        monkeypatch.setitem(jobs._tasks.entries, name, recorders[name])
        return recorders[name]

    return recorder


@pytest.fixture
def heard():
    events = []

    def listen(sender, instance, signal, pk, **kwargs):
        events.append((signal, sender, pk))

    signals.image_stored.connect(listen, dispatch_uid="test-stored")
    signals.image_deleted.connect(listen, dispatch_uid="test-deleted")
    yield events
    signals.image_stored.disconnect(dispatch_uid="test-stored")
    signals.image_deleted.disconnect(dispatch_uid="test-deleted")


def processed():
    return services.process_image_bytes(images.jpeg((600, 400)))


def test_a_job_is_queued_only_once_the_change_commits(event, recorded):
    crops = recorded("remake_crops")
    image = services.save_event_image(event=event, processed=processed())
    with transaction.atomic():
        services.change_event_image(image, focal_point={"x": 0.2, "y": 0.3})
        assert crops.calls == []  # not before the commit: the worker would read the old focal point
    assert crops.calls == [(image.pk,)]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.change_event_image(image, focal_point={"x": 0.9, "y": 0.9})
        raise RuntimeError("rolled back")
    assert crops.calls == [(image.pk,)]


def test_alternates_are_asked_for_by_name_when_the_site_wants_them(event, recorded, settings):
    alternates = recorded("make_alternates")
    services.save_event_image(event=event, processed=processed())
    assert alternates.calls == []
    settings.EVENTMEDIA = {"RENDITION_FORMATS": {"event": ["WEBP"]}}
    image = services.save_event_image(event=event, processed=processed())
    assert alternates.calls == [("eventmedia.EventImage", image.pk)]


def test_an_unknown_job_is_a_clear_error():
    with pytest.raises(LookupError, match="no_such_job"):
        jobs.enqueue("no_such_job")


def test_image_stored_and_deleted_are_sent_after_commit(event, heard):
    with transaction.atomic():
        image = services.save_event_image(event=event, processed=processed(), kind=ImageKind.BACKGROUND)
        assert heard == []
    assert heard == [(signals.image_stored, EventImage, image.pk)]
    pk = image.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_stored(image)
        raise RuntimeError("rolled back")
    assert len(heard) == 1
    services.delete_stored(EventImage.objects.get(pk=pk))
    assert heard[-1] == (signals.image_deleted, EventImage, pk)


def test_an_attached_upload_is_stored_as_the_event_image_and_not_deleted(event, user, heard):
    upload = services.save_uploaded_image(processed=processed(), user=user)
    image = services.attach_image_upload(upload, event=event, kind=ImageKind.LOGO)
    assert heard == [
        (signals.image_stored, ImageUpload, upload.pk),
        (signals.image_stored, EventImage, image.pk),
    ]  # the upload row went, its files did not: no image_deleted


def test_a_failing_receiver_never_undoes_the_change(event, files):
    def broken(**kwargs):
        raise RuntimeError("a site's receiver fails")

    signals.image_stored.connect(broken, dispatch_uid="test-broken")
    try:
        image = services.save_event_image(event=event, processed=processed())
    finally:
        signals.image_stored.disconnect(dispatch_uid="test-broken")
    assert EventImage.objects.filter(pk=image.pk).exists() and len(files()) == 5
