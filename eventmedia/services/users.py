"""A user's own names, as Open Event's profile form changes them (nothing else of a user)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from .unit_of_work import change_fields


def change_user_names(user: AbstractBaseUser, **names: str) -> AbstractBaseUser:
    """Change ``first_name`` / ``last_name`` of ``user``; ``Gone`` when the user was deleted meanwhile."""
    unknown = set(names) - {"first_name", "last_name"}
    if unknown:
        raise ValueError(f"not a name field: {sorted(unknown)}")
    return change_fields(user, names)
