"""``manage.py eventmedia_schedule_cleanup``: expire unattached uploads on a schedule, without cron.

Starts the scheduled job ``expire_uploads`` (``background.start_schedule``): every ``--every`` seconds
(default hourly) a task deletes the uploads older than ``UPLOAD_LIFETIME`` that nothing attached.
Safe to run at every deploy or worker start; ``make worker`` does. Without a task worker, run
``manage.py eventmedia_cleanup --delete`` from cron instead.
"""

from django.core.management.base import BaseCommand, CommandError

from eventmedia import background


class Command(BaseCommand):
    help = "Schedule the expiry of unattached uploads on the task worker (no cron needed)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=3600, help="Seconds between runs (default 3600).")

    def handle(self, *args, every=3600, **options):
        if background.runs_in_process():
            raise CommandError(
                "Tasks run in the web process here (no worker backend): schedule "
                "manage.py eventmedia_cleanup --delete with cron or a systemd timer instead."
            )
        started = background.start_schedule("expire_uploads", every)
        state = "scheduled" if started else "already scheduled"
        self.stdout.write(self.style.SUCCESS(f"Expiry of unattached uploads {state}, every {every} s."))
