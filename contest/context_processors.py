from django.conf import settings

from .roles import is_organizer


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "user_is_organizer": bool(user and is_organizer(user)),
    }
