"""The demo's serializers: its event as ``/v1/events/`` shows it (``EVENTMEDIA["EVENT_SERIALIZER"]``).

eventmedia's default serializer shows an event's name, dates, identifier and images; the demo's event
also carries what Open Event's wizard sends and reads back (see ``project.models.Event``).
"""

import zoneinfo

from django.utils.translation import gettext_lazy as _

from eventmedia.api.serializers import default_event_serializer_class

from .fields import TextAttribute

DefaultEventSerializer = default_event_serializer_class()


class EventSerializer(DefaultEventSerializer):
    default_error_messages = {"unknown_timezone": _("Not a time zone of the IANA database: {value}.")}

    description = TextAttribute(max_length=20000)

    class Meta(DefaultEventSerializer.Meta):
        fields = [*DefaultEventSerializer.Meta.fields, "description", "state", "privacy", "timezone"]

    def validate_timezone(self, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            self.fail("unknown_timezone", value=value)
        return value
