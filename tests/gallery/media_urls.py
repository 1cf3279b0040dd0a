"""The site's URLs with the /media/ route config/urls.py adds without nginx (SERVE_MEDIA),
whatever SERVE_MEDIA was when config.urls was first imported."""

from django.urls import path

from config.media import media_view
from config.urls import urlpatterns as site

urlpatterns = [path("media/<path:path>", media_view), *site]
