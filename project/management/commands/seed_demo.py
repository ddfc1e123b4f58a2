"""Create the demo user (demo / demo, staff), a token for the API and a demo event. Safe to rerun."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone
from PIL import Image, ImageDraw
from rest_framework.authtoken.models import Token

from eventmedia import services
from eventmedia.models import EventImage, ImageKind, get_event_model

DEMO_EVENT = "EventMedia Demo Conference"


def demo_background() -> bytes:
    """A 1600x900 gradient with shapes, as a PNG (opaque: the pipeline will make it a JPEG)."""
    image = Image.linear_gradient("L").resize((1600, 900)).convert("RGB")
    image = Image.merge(
        "RGB",
        (
            image.getchannel(0),
            Image.new("L", image.size, 90),
            image.getchannel(0).transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        ),
    )
    draw = ImageDraw.Draw(image)
    for index in range(12):
        x = 80 + index * 125
        draw.ellipse((x, 300 + (index % 3) * 90, x + 110, 410 + (index % 3) * 90), outline="white", width=5)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Create the demo user, API token and event."

    def handle(self, *args, **options):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username="demo",
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "email": "demo@example.com",  # what Open Event's frontend logs in with
                "first_name": "Demo",
                "last_name": "Organizer",
            },
        )
        if created:
            user.set_password("demo")
            user.save()
        token, _ = Token.objects.get_or_create(user=user)
        start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=30)
        event, _ = get_event_model().objects.get_or_create(
            name=DEMO_EVENT,
            defaults={"owner": user, "starts_at": start, "ends_at": start + timedelta(days=2)},
        )
        if not EventImage.objects.filter(event=event, kind=ImageKind.BACKGROUND).exists():
            processed = services.process_image_bytes(demo_background(), "event")
            services.save_event_image(
                event=event,
                processed=processed,
                kind=ImageKind.BACKGROUND,
                caption="Demo background",
                user=user,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: log in at /admin/ as demo / demo; event {event.pk} at /events/{event.pk}/; "
                f"API token: python manage.py drf_create_token demo"
            )
        )
