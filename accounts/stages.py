"""allauth's email stage, mandatory for accounts without a phone.

An account that signs in with a phone has its email as an extra: the verification mail is
sent at sign-up (ACCOUNT_EMAIL_VERIFICATION "optional"), but the account is not held until
it is confirmed. Email-only accounts (the older ones) must confirm their email, as before.
"""

from allauth.account import app_settings
from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage

from accounts import email_resend
from contest.models import Participant


class EmailVerificationStage(AllauthEmailVerificationStage):
    def handle(self):
        user = self.login.user
        has_phone = (
            user is not None and Participant.objects.filter(user=user).exclude(phone="").exists()
        )
        if not has_phone:
            self.login.email_verification = app_settings.EmailVerificationMethod.MANDATORY
        response, cont = super().handle()
        if response is not None and user.email:
            # The "check your email" page: its button may send again once the cooldown ends
            # (allauth sent one now unless its own limit held it back, inside that cooldown).
            last, wait = email_resend.state(self.request, "verify")
            if not (wait and last == user.email):
                email_resend.record(self.request, "verify", user.email)
        return response, cont
