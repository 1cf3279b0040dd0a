"""The funnel's sign-up step: an account created in a browser that scanned a banner."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .services.banners import SCAN_COOKIE, scan_signup_record


@receiver(user_signed_up, dispatch_uid="banners.banner_signup")
def credit_signup_to_banner(sender, request, user, **kwargs):
    if request is not None:
        scan_signup_record(user=user, cookie=request.COOKIES.get(SCAN_COOKIE))
