"""eventmedia's REST API (Django REST framework): fields, serializers, views and URLs."""
