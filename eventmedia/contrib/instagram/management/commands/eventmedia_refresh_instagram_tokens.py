"""``manage.py eventmedia_refresh_instagram_tokens``: refresh Instagram tokens before they expire.

Run it daily from cron (or, with a task worker, run ``eventmedia_schedule_token_refresh`` once).
Tokens are refreshed once they are at least 24 hours old and expire within
``EVENTMEDIA["INSTAGRAM"]["REFRESH_WITHIN_DAYS"]``; a token Instagram reports dead (code 190) marks
its account "needs reconnect".
"""

from django.core.management.base import BaseCommand

from eventmedia.contrib.instagram import services


class Command(BaseCommand):
    help = "Refresh long-lived Instagram tokens that are due."

    def handle(self, *args, **options):
        if not services.is_configured():
            self.stdout.write("Instagram is not configured; nothing to refresh.")
            return
        due = services.accounts_due_for_refresh().count()
        report = services.refresh_tokens()
        self.stdout.write(
            self.style.SUCCESS(
                f"{due} due: refreshed {report.refreshed}, {report.needs_reconnect} need a reconnect, "
                f"{report.failed} failed (will retry next run)."
            )
        )
