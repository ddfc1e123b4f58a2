"""Who may change an event's media: the one rule the API, the admin and the tasks all apply.

An event decides: ``event.can_manage_media(user)`` when the (possibly swapped) event model defines
it, otherwise its ``owner`` (``owner_id``); staff always may. Tasks ask again when they run, since an
event can change hands between a request and its work.
"""

from __future__ import annotations


def can_manage_event(user, event) -> bool:
    """Whether ``user`` may change ``event``'s media: staff, the event's ``can_manage_media(user)`` if it
    has one, else its ``owner``."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff:
        return True
    custom = getattr(event, "can_manage_media", None)
    if callable(custom):
        return bool(custom(user))
    owner_id = getattr(event, "owner_id", None)
    return owner_id is not None and owner_id == user.pk
