"""A site's own serializer for /v1/events/ (EVENTMEDIA["EVENT_SERIALIZER"]): it shows the venue too."""

from rest_framework import serializers

from eventmedia.api.serializers import default_event_serializer_class


class ConferenceSerializer(default_event_serializer_class()):
    venue = serializers.CharField(read_only=True)

    class Meta(default_event_serializer_class().Meta):
        fields = [*default_event_serializer_class().Meta.fields, "venue"]
