"""The page chrome (header and footer of base.html), rendered once per language and role.

The header and footer are the same for everyone with the same language and menu (signed in
or not, juror, organizer, unit contact) except for two things: the CSRF token of their forms
and the current path in the language switches (header and footer; every occurrence is
replaced). ``{% site_chrome "chrome/header.html" %}`` renders the fragment once per such key
with markers in their place, keeps it in this process, and puts the request's (escaped)
token and path in on each page: about twenty template nodes, ten ``reverse()`` calls and a
dozen translations fewer per page (issue 13, page budget).

The key holds everything the fragment depends on: the fragment, the language (the switches
mark the current one with aria-current), the URL prefix and URL configuration
(``reverse``), and the menu's flags; SITE_NAME and LANGUAGES come from settings, so a
settings change (tests) empties the store. With DEBUG on the fragment is rendered on every
page, so template edits show at once.
"""

from __future__ import annotations

import secrets

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Markers of letters and digits only: escaping leaves them as they are.
_TOKEN = "csrf" + secrets.token_hex(12)
_PATH = "path" + secrets.token_hex(12)
_CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_TOKEN}">'
_rendered: dict[tuple, str] = {}


def _clear(**kwargs) -> None:
    _rendered.clear()


setting_changed.connect(_clear, dispatch_uid="contest.site_chrome.clear")


def _render(
    name: str, language: str, signed_in: bool, juror: bool, organizer: bool, contact: bool
) -> str:
    html = get_template(name).render(
        {
            "signed_in": signed_in,
            "user_is_juror": juror,
            "user_is_organizer": organizer,
            "user_is_unit_contact": contact,
            "SITE_NAME": settings.SITE_NAME,
            "LANGUAGE_CODE": language,
            "csrf_token": _TOKEN,
            "full_path": _PATH,
        }
    )
    return html.rstrip("\n")


@register.simple_tag(takes_context=True)
def site_chrome(context, name: str):
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    language = get_language()
    key = (
        name,
        language,
        get_script_prefix(),
        get_urlconf(),
        signed_in,
        bool(context.get("user_is_juror")),
        bool(context.get("user_is_organizer")),
        bool(context.get("user_is_unit_contact")),
    )
    html = None if settings.DEBUG else _rendered.get(key)
    if html is None:
        html = _render(name, *key[1:2], *key[4:])
        if not settings.DEBUG:
            _rendered[key] = html
    if _TOKEN in html:
        token = context.get("csrf_token")
        if token is None or token == "NOTPROVIDED":  # as {% csrf_token %}: no field at all
            html = html.replace(_CSRF_INPUT, "")
        else:
            html = html.replace(_TOKEN, conditional_escape(str(token)))
    if _PATH in html:
        request = context.get("request")
        path = request.get_full_path() if request is not None else ""
        html = html.replace(_PATH, conditional_escape(path))
    return mark_safe(html)
