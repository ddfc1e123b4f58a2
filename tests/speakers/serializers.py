"""The site's serializer for its speakers: the photo and the slides' links are upload URLs."""

from rest_framework import serializers

from eventmedia.api.upload_urls import KeepsUploadsMixin, UploadURLField

from .models import Speaker


class SlideLinkSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    link = UploadURLField(kind="document", allow_null=False)


class SpeakerSerializer(KeepsUploadsMixin, serializers.ModelSerializer):
    photo_url = UploadURLField(kind="image", required=False)
    slides = serializers.ListField(child=SlideLinkSerializer(), required=False)

    class Meta:
        model = Speaker
        fields = ["id", "name", "photo_url", "slides"]
