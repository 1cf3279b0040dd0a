"""Credit a new account to the colleague whose invite link its browser opened first."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .services.invites import INVITE_COOKIE, invite_signup_record


@receiver(user_signed_up, dispatch_uid="invites.invite_signup")
def credit_signup_to_inviter(sender, request, user, **kwargs):
    if request is not None:
        invite_signup_record(user=user, cookie=request.COOKIES.get(INVITE_COOKIE))
