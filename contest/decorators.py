from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import is_juror, is_organizer


def organizer_required(view):
    """Logged in (else to the login page) and an organizer (else 403)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_organizer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def juror_required(view):
    """Logged in (else to the login page) and a juror (else 403)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_juror(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def profile_required(view):
    """Logged in and with a participant profile; otherwise to the profile form and back."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not hasattr(request.user, "participant"):
            url = reverse("contest:profile-edit")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
