"""The /media/ route config/urls.py adds in development (DEBUG), for a test without DEBUG."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)  # read per test


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    path("", include("gallery.urls")),
]
