"""The rows a change depends on are locked while it runs.

Row locks are a no-op on SQLite, so this runs on PostgreSQL (``.ci/run``'s second pass sets
``DATABASE_URL``). Two changes run in two threads with their own connections; the first pauses just
before it saves. With the locks the second waits for the first to commit; without them it would go
ahead and either lose the first one's change or trip a constraint.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from eventmedia import services
from eventmedia.models import EventImage, ImageKind, Slide
from eventmedia.services.unit_of_work import UnitOfWork
from tests import documents, images

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a no-op on SQLite: .ci/run runs this again on PostgreSQL")


def race(monkeypatch, first, second) -> dict:
    """Run ``first`` in a thread that pauses before saving, then ``second``; what each did, in order."""
    paused, resume, finished, errors = threading.Event(), threading.Event(), [], {}
    real_save = UnitOfWork.save

    def save(self, instance, fields=None):
        if threading.current_thread().name == "first":
            paused.set()
            resume.wait(10)
        return real_save(self, instance, fields)

    monkeypatch.setattr(UnitOfWork, "save", save)

    def run(name, change):
        try:
            change()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors[name] = error
        finally:
            finished.append(name)
            connections.close_all()

    threads = {name: threading.Thread(target=run, args=(name, change), name=name)
               for name, change in (("first", first), ("second", second))}  # fmt: skip
    threads["first"].start()
    assert paused.wait(10)
    threads["second"].start()
    threads["second"].join(0.7)
    waited = threads["second"].is_alive()  # still waiting for the first one's lock
    resume.set()
    for thread in threads.values():
        thread.join(20)
    return {"waited": waited, "order": finished, "errors": errors}


def test_a_change_waits_for_the_row_another_change_holds(event, monkeypatch):
    data = documents.pdf()
    slide = services.add_slide(
        event=event, title="Draft", data=data, sniffed=services.check_document_bytes(data)
    )
    first = lambda: services.change_slide(Slide.objects.get(pk=slide.pk), title="First")  # noqa: E731
    second = lambda: services.change_slide(Slide.objects.get(pk=slide.pk), session="Room B")  # noqa: E731
    outcome = race(monkeypatch, first, second)
    assert outcome == {"waited": True, "order": ["first", "second"], "errors": {}}
    changed = Slide.objects.get(pk=slide.pk)
    assert (changed.title, changed.session) == ("First", "Room B")


def test_two_new_backgrounds_queue_on_the_event_row(event, monkeypatch):
    one, two = (
        services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
        for _ in range(2)
    )
    first = lambda: services.change_event_image(EventImage.objects.get(pk=one.pk), kind=ImageKind.BACKGROUND)  # noqa: E731
    second = lambda: services.change_event_image(EventImage.objects.get(pk=two.pk), kind=ImageKind.BACKGROUND)  # noqa: E731
    outcome = race(monkeypatch, first, second)
    assert outcome == {"waited": True, "order": ["first", "second"], "errors": {}}
    kinds = dict(EventImage.objects.filter(event=event).values_list("pk", "kind"))
    assert kinds == {one.pk: ImageKind.GALLERY, two.pk: ImageKind.BACKGROUND}  # the last one wins
