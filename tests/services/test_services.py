"""Services: rows only with files, files gone after their rows, one background and logo per event."""

import pytest
from django.db import transaction

from eventmedia import services
from eventmedia.models import EventImage, ImageKind, UserImage
from tests import images

pytestmark = pytest.mark.django_db(transaction=True)


def processed(group="event", size=(600, 400)):
    return services.process_image_bytes(images.jpeg(size), group)


def test_event_image_files_exist_and_are_deleted_after_the_row(event, files):
    image = services.save_event_image(event=event, processed=processed(), kind=ImageKind.GALLERY)
    assert len(files()) == 5
    assert all(image.file.storage.exists(name) for name in image.file_names())
    services.delete_stored(image)
    assert files() == []


def test_a_rolled_back_delete_keeps_the_files(event, files):
    image = services.save_event_image(event=event, processed=processed())
    pk = image.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        image.delete()
        raise RuntimeError("rollback")
    assert len(files()) == 5 and EventImage.objects.filter(pk=pk).exists()


def test_deleting_an_event_deletes_its_image_files(event, files):
    services.save_event_image(event=event, processed=processed(), kind=ImageKind.BACKGROUND)
    services.save_event_image(event=event, processed=processed(), kind=ImageKind.LOGO)
    assert len(files()) == 10
    event.delete()
    assert files() == []


def test_one_background_at_a_time_the_previous_goes_to_the_gallery(event):
    first = services.save_event_image(event=event, processed=processed(), kind=ImageKind.BACKGROUND)
    second = services.save_event_image(event=event, processed=processed(), kind=ImageKind.BACKGROUND)
    first.refresh_from_db()
    assert first.kind == ImageKind.GALLERY
    assert event.background == second
    services.change_event_image(first, kind=ImageKind.BACKGROUND)
    second.refresh_from_db()
    assert second.kind == ImageKind.GALLERY and event.background == first


def test_replacing_an_avatar_deletes_the_old_files(user, files):
    first = services.set_avatar(user=user, processed=processed("avatar"))
    old = set(files())
    assert len(old) == 4 and set(first.renditions) == {"thumbnail", "small", "icon"}
    second = services.set_avatar(user=user, processed=processed("avatar", (300, 300)))
    assert second.pk == first.pk and UserImage.objects.count() == 1
    now = set(files())
    assert len(now) == 4 and not (now & old)


def test_avatar_renditions_use_the_avatar_specs(user):
    avatar = services.set_avatar(user=user, processed=processed("avatar", (1000, 1000)))
    widths = {name: r.width for name, r in avatar.renditions.items()}
    assert widths == {"thumbnail": 500, "small": 50, "icon": 35}
