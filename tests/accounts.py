"""A signed-in organizer's Instagram account, connected to the stand-in without the OAuth dance."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from eventmedia.contrib.instagram.models import InstagramAccount


def connect(user, standin, *, issued_at: datetime | None = None, lifetime_days: int = 60) -> InstagramAccount:
    """Store an account for ``user`` holding a fresh stand-in token issued at ``issued_at`` (now)."""
    issued = issued_at or timezone.now()
    account = InstagramAccount(
        user=user,
        instagram_user_id=str(standin.user_id),
        username=standin.username,
        token_issued_at=issued,
        token_expires_at=issued + timedelta(days=lifetime_days),
    )
    account.token = standin.issue_token()
    account.save()
    return account
