"""The site's URLs plus the benchmark ceiling: a trivial view returning a short text.

Also /bench/lean-answer/<token>/, an experiment (bench/lean_answer.py) that
`quiz_load.py --lean-answer` measures beside the site's answer endpoint.
"""

from django.http import HttpResponse
from django.urls import path

from bench.lean_answer import lean_answer_view
from config.urls import urlpatterns as site_urlpatterns


def trivial_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial_view, name="bench-trivial"),
    path("bench/lean-answer/<str:token>/", lean_answer_view, name="bench-lean-answer"),
    *site_urlpatterns,
]
