"""The site's URLs plus the benchmark ceiling: a trivial view returning a short text."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def trivial_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial_view, name="bench-trivial"),
    *site_urlpatterns,
]
