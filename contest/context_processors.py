from django.conf import settings

from .roles import is_juror, is_organizer, is_unit_contact


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "user_is_organizer": bool(user and is_organizer(user)),
        "user_is_juror": bool(user and is_juror(user)),
        "user_is_unit_contact": bool(user and is_unit_contact(user)),
    }
