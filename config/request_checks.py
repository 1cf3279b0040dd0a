"""Refuse a NUL character in the address before any view sees it.

PostgreSQL cannot store or compare text holding NUL (0x00): a look-up by a code or token
with `%00` in it raised DataError, a 500. SQLite compared it and found nothing. Django's
form fields refuse NUL themselves (ProhibitNullCharactersValidator); URL parameters and
query values read without a form are checked here, once, for every view.
"""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


class RequestRefused(BadRequest):
    """A bad request whose `message` is meant for the user: the 400 page shows it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise RequestRefused(_("The address holds a character that is not allowed."))
        return self.get_response(request)
