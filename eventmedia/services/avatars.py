"""A user's avatar: set from an image, or from one of the user's uploads."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from ..imaging import ProcessedImage
from ..models import ImageUpload, UserImage
from ..storage import read_stored
from .files import placeholder_of, write_image_files, write_renditions
from .processing import process_image_bytes
from .unit_of_work import UnitOfWork


def _locked_avatar(user: AbstractBaseUser) -> UserImage | None:
    return UserImage.objects.select_for_update().filter(user=user).first()


def set_avatar(*, user: AbstractBaseUser, processed: ProcessedImage) -> UserImage:
    """Create or replace ``user``'s avatar; the replaced files are deleted after commit.

    Two replacements at once queue on the avatar row; of two first uploads at once, the one whose
    insert loses the race becomes an update. Either way the last one wins and the other's files are
    deleted, so one avatar and no orphan files remain.
    """
    with UnitOfWork() as work:
        fields = write_image_files(work, processed, work.folder("avatars")).fields()
        with work.locked():
            avatar = _locked_avatar(user)
            if avatar is None:
                first = UserImage(user=user, **fields)
                if work.insert_unless_taken(first):  # a lost insert race is retried as an update
                    return first
                avatar = _locked_avatar(user)
            return work.replace(avatar, fields)


def set_avatar_from_upload(upload: ImageUpload, *, user: AbstractBaseUser) -> UserImage:
    """Make ``upload`` the user's avatar: the avatar takes over its original (same file, same URL) and
    gets the avatar renditions, made from that original; the upload row, its event-sized renditions
    and the previous avatar's files go."""
    processed = process_image_bytes(read_stored(upload.file.name, upload.file.storage), "avatar")
    with UnitOfWork() as work:
        renditions = write_renditions(work, processed.renditions, work.folder("avatars"))
        with work.locked():
            current = work.reread(upload)
            avatar = _locked_avatar(user) or UserImage(user=user)
            own_sizes = {"renditions": renditions, "placeholder": placeholder_of(processed)}
            work.replace(avatar, {**current.facts.fields(), **own_sizes})
            work.retire(current.renditions.storage_names())  # the upload's event sizes
            work.take_over(current)
    return avatar
