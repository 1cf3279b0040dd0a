"""Refusals in JSON for the views a page's script calls, in the site's layout for the rest.

Django answers a bad body (too large, unreadable) through `handler400` and a CSRF failure
through `CSRF_FAILURE_VIEW`, both before the view runs. A script cannot show an HTML page,
so a view marked `@answers_json` gets the same refusal as JSON, with a message in the
request's language that the script shows as it is.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure

from config.request_checks import RequestRefused


def answers_json(view):
    """Mark a view whose refusals (bad body, CSRF) a script reads as JSON."""
    view.answers_json = True
    return view


def wants_json(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and getattr(match.func, "answers_json", False))


def bad_request_json(request, exception) -> JsonResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        body = {"ok": False, "error": "too_large", "message": _("Too much sent at once")}
        return JsonResponse(body, status=413)
    if isinstance(exception, RequestRefused):
        message = str(exception.message)
    else:
        message = _("The request could not be read")
    return JsonResponse({"ok": False, "error": "bad_request", "message": message}, status=400)


def csrf_failure_view(request, reason=""):
    if not wants_json(request):
        return csrf_failure(request, reason)
    message = _("This page is out of date. Reload it: the answers already saved are kept.")
    return JsonResponse({"ok": False, "error": "csrf", "message": message}, status=403)
