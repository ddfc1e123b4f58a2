"""Template tags for showing event media in a site's own pages.

``{% load eventmedia %}`` then ``{% event_background event %}`` gives the URL of the event's background
(its ``large`` rendition by default) for use in CSS, or an empty string when it has none.
"""

from django import template

register = template.Library()


@register.simple_tag
def event_background(event, rendition: str = "large") -> str:
    background = getattr(event, "background", None)
    if background is None:
        return ""
    return background.rendition_url(rendition) or background.url
