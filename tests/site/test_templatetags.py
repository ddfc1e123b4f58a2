"""Template tags: responsive <img> with srcset/sizes/width/height/alt/lazy, and the background URL."""

import pytest
from django.template import Context, Template

from eventmedia import services
from eventmedia.models import Event, ImageKind
from tests import images

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load eventmedia %}" + source).render(Context(context))


@pytest.fixture
def image(user):
    event = Event.objects.create(name="Ev", owner=user)
    return services.save_event_image(
        event=event,
        processed=services.process_image_bytes(images.jpeg((1600, 900))),
        kind=ImageKind.BACKGROUND,
        caption='Main stage "A"',
    )


def test_eventmedia_image_renders_a_responsive_img(image):
    html = render('{% eventmedia_image image "large" sizes="50vw" class="hero" %}', image=image)
    large, thumb, icon = (image.rendition_url(n) for n in ("large", "thumbnail", "icon"))
    assert f'src="{large}"' in html
    assert f'srcset="{icon} 75w, {thumb} 500w, {large} 1300w"' in html
    assert 'sizes="50vw"' in html and 'width="1300"' in html and 'height="731"' in html
    assert 'alt="Main stage &quot;A&quot;"' in html and 'loading="lazy"' in html and 'class="hero"' in html


def test_unknown_rendition_falls_back_to_the_original(image):
    html = render('{% eventmedia_image image "poster" %}', image=image)
    assert f'src="{image.url}"' in html and 'width="1600"' in html


def test_the_background_position_is_the_focal_point_within_the_banner_it_serves(event):
    # A 3:2 photo with its subject low on the left: the 3:1 banner is cut around it, so the subject
    # sits at 60% of the banner's height, not at the 80% it has in the original.
    processed = services.process_image_bytes(images.jpeg((1500, 1000)))
    image = services.save_event_image(event=event, processed=processed, kind="background")
    services.change_event_image(image, focal_point={"x": 0.25, "y": 0.8})
    assert (image.renditions["banner"].width, image.renditions["banner"].height) == (1500, 500)
    assert render("{% event_background_position event %}", event=event) == "25.0% 60.0%"
    assert render('{% event_background_position event "large" %}', event=event) == "25.0% 80.0%"


def test_the_backgrounds_placeholder_is_there_to_paint_while_it_loads(event, client):
    empty = {"event": Event(name="none")}
    assert render("{% event_background_color event %}", **empty) == ""
    assert render("{% event_background_thumbhash event %}", **empty) == ""
    processed = services.process_image_bytes(images.jpeg((1200, 800)))
    image = services.save_event_image(event=event, processed=processed, kind="background")
    color = render("{% event_background_color event %}", event=event)
    assert color == image.placeholder["color"] and len(color) == 7
    assert render("{% event_background_thumbhash event %}", event=event).startswith("data:image/png;base64,")
    hero = client.get(f"/events/{event.pk}/").content.decode().split('data-testid="event-hero"', 1)[1]
    assert f"background-color: {color}" in hero.split(">", 1)[0]  # the demo's hero paints it first


def test_missing_image_renders_nothing():
    assert render("{% eventmedia_image None %}").strip() == ""


def test_event_background(image):
    assert render("{% event_background event %}", event=image.event) == image.rendition_url("banner")
    assert render("{% event_background_position event %}", event=image.event) == "50% 50%"
    services.change_event_image(image, focal_point={"x": 0.2, "y": 0.3})
    assert render('{% event_background_position event "large" %}', event=image.event) == "20.0% 30.0%"
    assert render('{% event_background event "icon" %}', event=image.event) == image.rendition_url("icon")
    assert render("{% event_background event %}", event=Event(name="none")) == ""


def test_demo_event_page_uses_the_tags(client, image):
    page = client.get(f"/events/{image.event.pk}/").content.decode()
    assert f"background-image: url('{image.rendition_url('banner')}'), url('data:image/png;base64," in page
    assert "background-position: 50% 50%, center" in page  # the banner, then its blurred preview
    assert "srcset=" in page and 'loading="lazy"' in page


def test_the_placeholder_is_painted_until_the_image_loads(image):
    color = image.placeholder["color"]
    assert f'style="background-color: {color}"' in render('{% eventmedia_image image "large" %}', image=image)
    thumb = render(
        '{% eventmedia_image image "large" placeholder="thumbhash" style="border: 0" %}', image=image
    )
    assert f"background: {color} url(data:image/png;base64," in thumb and "; border: 0" in thumb
    assert "style=" not in render('{% eventmedia_image image "large" placeholder="none" %}', image=image)
