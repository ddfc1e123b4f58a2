"""``manage.py eventmedia_rebuild_renditions``: remake every image's renditions after RENDITIONS changed."""

from django.core.management.base import BaseCommand

from eventmedia import services
from eventmedia.imaging import MediaError
from eventmedia.models import EventImage, ImageUpload, UserImage

MODELS = {"events": EventImage, "avatars": UserImage, "uploads": ImageUpload}


class Command(BaseCommand):
    help = "Rebuild the renditions of stored images from their originals with the current RENDITIONS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=sorted(MODELS),
            action="append",
            help="Limit to these kinds of image (repeatable). Default: all.",
        )

    def handle(self, *args, only=None, **options):
        rebuilt = failed = 0
        for key in only or MODELS:
            queryset = MODELS[key].objects.order_by("pk")
            total = queryset.count()
            for index, image in enumerate(queryset.iterator(), start=1):
                try:
                    services.rebuild_renditions(image)
                    rebuilt += 1
                except (MediaError, OSError) as error:
                    failed += 1
                    self.stderr.write(f"{key} #{image.pk}: {error}")
                if options["verbosity"] >= 1 and (index % 50 == 0 or index == total):
                    self.stdout.write(f"{key}: {index}/{total}")
        style = self.style.SUCCESS if not failed else self.style.WARNING
        self.stdout.write(style(f"Rebuilt {rebuilt} image(s), {failed} failed."))
