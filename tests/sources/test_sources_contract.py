"""The contract every image source keeps, run once per source (as django-allauth runs one suite per
provider): Connect Instagram against its stand-in, and the built-in ``url`` source against a real
HTTP server. A new source adds a ``Case`` and passes the same tests.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from eventmedia import background, jobs, sources
from eventmedia.models import BackgroundTask, EventImage, ImageKind
from eventmedia.problems import Refusal
from tests import accounts, images
from tests.servers import http_server

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Case:
    name: str
    good: list[str]  # items that give one image each
    bad: str  # an item that gives none
    bad_reason: str

    @property
    def source(self):
        return sources.get(self.name)


@pytest.fixture(params=["instagram", "url"])
def case(request, user, settings):
    if request.param == "instagram":
        accounts.connect(user, request.getfixturevalue("instagram"))
        return Case("instagram", ["17900000000000001", "17900000000000006"], "17900000000000005", "no_image")
    pages = {
        "/a.jpg": (images.jpeg((900, 600)), "image/jpeg"),
        "/b.jpg": (images.jpeg((600, 900)), "image/jpeg"),
    }
    server = http_server(pages)
    host = server.__enter__()
    request.addfinalizer(lambda: server.__exit__(None, None, None))
    settings.EVENTMEDIA = {
        "IMAGE_URL_HOSTS": ["127.0.0.1"],
        "IMAGE_URL_REQUIRE_HTTPS": False,
        "IMAGE_URL_PRIVATE_NETWORKS": ["127.0.0.0/8"],
    }
    return Case("url", [f"{host}/a.jpg", f"{host}/b.jpg"], f"{host}/gone.jpg", "download_failed")


def test_items_become_event_images_with_the_source_and_its_id(case, user, event, files):
    result = sources.import_items(case.source, user=user, event=event, item_ids=case.good)
    assert result.skipped == [] and len(result.imported) == 2
    stored = EventImage.objects.filter(event=event)
    assert {image.source for image in stored} == {case.name}
    assert all(image.external_id and image.uploaded_by_id == user.pk for image in stored)
    assert stored.get(pk=result.imported[0].pk).kind == ImageKind.BACKGROUND  # the first one chosen
    assert len(files()) == 2 * 5  # originals and renditions, nothing else


class CountingSource:
    """``source`` whose sessions count their downloads (what the loop asks of the wire)."""

    def __init__(self, source):
        self._source, self.downloads = source, []

    def __getattr__(self, name):
        return getattr(self._source, name)

    def session(self, user):
        session, downloads = self._source.session(user), self.downloads

        class Counting:
            page, candidates = session.page, session.candidates

            def download(self, candidate):
                downloads.append(candidate.external_id)
                return session.download(candidate)

        return Counting()


def test_an_item_imported_twice_is_one_image_downloaded_once(case, user, event, files):
    source = CountingSource(case.source)
    first = sources.import_items(source, user=user, event=event, item_ids=case.good[:1])
    again = sources.import_items(source, user=user, event=event, item_ids=case.good[:1] * 2)
    assert [image.pk for image in again.imported] == [image.pk for image in first.imported]
    assert EventImage.objects.filter(event=event).count() == 1 and len(files()) == 5
    assert len(source.downloads) == 1  # an image the event has is never fetched again


def test_a_bad_item_is_skipped_with_its_reason_and_the_others_import(case, user, event, files):
    result = sources.import_items(case.source, user=user, event=event, item_ids=[case.bad, case.good[0]])
    assert [item["reason"] for item in result.skipped] == [case.bad_reason]
    assert len(result.imported) == 1 and len(files()) == 5


def test_a_tracked_import_reports_progress_and_journals_its_folders(case, user, event):
    record = BackgroundTask.objects.create(
        id=uuid.uuid4().hex, user=user, kind=case.source.task_kind, total=0
    )
    sources.import_items(case.source, user=user, event=event, item_ids=case.good, tracking=record.pk)
    record.refresh_from_db()
    assert (record.done, record.total) == (1, 2)  # the task's finish() marks the last one
    stored = EventImage.objects.filter(event=event)
    assert sorted(record.pending_folders) == sorted(image.file.name.rsplit("/", 1)[0] for image in stored)


def test_a_worker_runs_the_import_the_user_started(case, user, event):
    assert jobs.tracked_task(case.source.task_kind).name == "import_from_source"
    record = sources.start_import(case.source, user=user, event=event, item_ids=case.good)  # runs now
    record.refresh_from_db()
    assert record.finished and EventImage.objects.filter(event=event).count() == 2
    assert background.describe(record)["status"] == "SUCCESSFUL"


def test_a_session_pages_what_a_picker_shows(case, user):
    page = case.source.session(user).page()
    assert all(item.id for item in page.items)


def test_a_user_without_access_is_refused_with_a_catalog_code(case, other_user, settings):
    if case.name == "url":
        settings.EVENTMEDIA = {}  # no allowed hosts
    with pytest.raises(Refusal) as refused:
        case.source.session(other_user)
    assert refused.value.status in (403, 409, 400)
