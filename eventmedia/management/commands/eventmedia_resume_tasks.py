"""``manage.py eventmedia_resume_tasks``: resume background tasks whose worker died mid-way.

A task that has not reported progress for ``--quiet-for`` seconds and did not succeed is resumed:
the files its dead attempt wrote but never committed are deleted, and a new attempt is enqueued.
``make worker`` runs this before it starts the worker; a site with several workers can also run it
from a schedule. Tasks are idempotent, so resuming one that is merely slow does no harm beyond
duplicate work.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from eventmedia import background


class Command(BaseCommand):
    help = "Resume background tasks that stopped making progress (their worker died)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-for", type=float, default=300, help="Seconds without progress (default 300)."
        )

    def handle(self, *args, quiet_for=300, **options):
        resumed = background.resume_abandoned(quiet_for=timedelta(seconds=quiet_for))
        for record_id in resumed:
            self.stdout.write(f"resumed: {record_id}")
        self.stdout.write(self.style.SUCCESS(f"{len(resumed)} task(s) resumed."))
