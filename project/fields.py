"""Fields of the demo's serializers."""

from rest_framework import serializers


class TextAttribute(serializers.CharField):
    """Text the frontend sends as null when the form left it empty: stored as ""."""

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, allow_null=True, required=False, **kwargs)

    def validate_empty_values(self, data):
        return (True, "") if data is None else super().validate_empty_values(data)
