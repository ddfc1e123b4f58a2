"""``manage.py eventmedia_schedule_token_refresh``: refresh Instagram tokens on a schedule, without cron.

Starts the scheduled job ``instagram_token_refresh`` (``background.start_schedule``): a chain of
tasks, each of which refreshes the tokens due and enqueues the next run ``--every`` seconds later
(default: daily). Safe to run at every deploy or worker start: it does nothing while a run is
waiting or running. Needs a task worker that runs scheduled tasks (``make worker``: RQ's worker with
``--with-scheduler``); with the in-process task backend use the ``eventmedia_refresh_instagram_tokens``
command from cron instead.
"""

from django.core.management.base import BaseCommand, CommandError

from eventmedia import background
from eventmedia.contrib.instagram import tasks


class Command(BaseCommand):
    help = "Schedule the daily Instagram token refresh on the task worker (no cron needed)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=86400, help="Seconds between runs (default 86400).")

    def handle(self, *args, every=86400, **options):
        if background.runs_in_process():
            raise CommandError(
                "Tasks run in the web process here (no worker backend): schedule "
                "manage.py eventmedia_refresh_instagram_tokens with cron or a systemd timer instead."
            )
        started = background.start_schedule(tasks.REFRESH_JOB, every)
        state = "scheduled" if started else "already scheduled"
        self.stdout.write(self.style.SUCCESS(f"Instagram token refresh {state}, every {every} s."))
