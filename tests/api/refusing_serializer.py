"""A site's EVENT_SERIALIZER whose ``validate()`` refuses every event: a non-field error."""

from rest_framework import serializers

from eventmedia.api.serializers import default_event_serializer_class


class RefusingEventSerializer(default_event_serializer_class()):
    class Meta(default_event_serializer_class().Meta):
        pass

    def validate(self, attrs):
        raise serializers.ValidationError("Events are closed for this season.")
