"""Renditions in modern formats: AVIF and WebP made by a task after commit, listed, served, deleted."""

import io

import pytest
from django.template import Context, Template
from PIL import Image

from eventmedia import services
from eventmedia.models import EventImage
from tests import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def formats(settings):
    settings.EVENTMEDIA = {"RENDITION_FORMATS": {"event": ["AVIF", "WEBP"]}}


def test_formats_are_made_after_commit_listed_served_and_deleted(
    api, event, files, formats, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs once the upload commits
        photo = images.data_uri(images.jpeg((1600, 900)))
        created = api.post(f"/v1/events/{event.pk}/images/", {"data": photo}, format="json")
    assert created.status_code == 201
    assert all(r["formats"] == {} for r in created.json()["renditions"].values())  # the answer did not wait
    body = api.get(f"/v1/events/{event.pk}/images/{created.json()['id']}/").json()
    for name, rendition in body["renditions"].items():
        assert set(rendition["formats"]) == {"avif", "webp"}, name
        for fmt, made in rendition["formats"].items():
            response = api.get(made["url"].replace("http://testserver", ""))
            content = b"".join(response.streaming_content) if response.streaming else response.content
            picture = Image.open(io.BytesIO(content))
            assert picture.format == fmt.upper() and picture.size == (rendition["width"], rendition["height"])
    assert len(files()) == 5 + 4 * 2  # original, four renditions, each in two more formats
    image = EventImage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_stored(image)
    assert files() == []


def test_without_the_setting_nothing_more_is_made(api, event, files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/v1/events/{event.pk}/images/", {"data": images.data_uri(images.jpeg())}, format="json")
    assert len(files()) == 5


def test_the_picture_tag_offers_avif_then_webp_then_the_img(
    event, formats, django_capture_on_commit_callbacks
):
    processed = services.process_image_bytes(images.jpeg((1600, 900)))
    with django_capture_on_commit_callbacks(execute=True):
        image = services.save_event_image(event=event, processed=processed)
    image.refresh_from_db()
    html = Template('{% load eventmedia %}{% eventmedia_picture image "large" sizes="50vw" %}').render(
        Context({"image": image})
    )
    assert html.startswith('<picture><source type="image/avif"') and "</picture>" in html
    assert html.index("image/avif") < html.index("image/webp") < html.index("<img")
    assert 'sizes="50vw"' in html and ".avif 1300w" in html and ".avif 1920w" not in html  # no banner


def test_a_worker_killed_while_making_copies_leaves_a_journal_that_resume_cleans_and_redoes(
    event, files, formats, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from eventmedia import background
    from eventmedia.models import BackgroundTask
    from eventmedia.services.unit_of_work import UnitOfWork
    from eventmedia.storage import FileWriter

    # Stored without running its after-commit job: the copies are made by hand below.
    processed = services.process_image_bytes(images.jpeg((1600, 900)))
    image = services.save_event_image(event=event, processed=processed, kind="gallery")
    stored = set(files())
    assert len(stored) == 5

    class Killed(BaseException):
        """The process dies here: nothing after it runs, no clean-up, no except Exception."""

    def killed_before_commit(self, *args, **kwargs):
        raise Killed

    with monkeypatch.context() as dying:
        dying.setattr(UnitOfWork, "replace", killed_before_commit)
        dying.setattr(FileWriter, "__exit__", lambda self, *exc: None)  # a dead process deletes nothing
        with pytest.raises(Killed):
            services.make_alternates("eventmedia.EventImage", image.pk)
    journal = BackgroundTask.objects.get(kind=services.ALTERNATES_KIND)
    leftovers = set(files()) - stored
    assert len(leftovers) == 8 and all(name.startswith(journal.pending_folders[0]) for name in leftovers)
    assert EventImage.objects.get().renditions["large"].alternates == {}  # nothing committed them

    with django_capture_on_commit_callbacks(execute=True):
        assert background.resume_abandoned(quiet_for=timedelta(0)) == [journal.pk]
    made = EventImage.objects.get().renditions
    assert all(set(rendition.alternates) == {"avif", "webp"} for rendition in made.values())
    referenced = {name for name in EventImage.objects.get().file_names()}
    assert set(files()) == referenced and not leftovers & set(files())  # the dead attempt's files went
    assert not BackgroundTask.objects.exists()  # a run that commits leaves no journal behind
