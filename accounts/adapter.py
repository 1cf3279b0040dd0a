import logging
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter, context
from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from accounts import throttle
from contest.forms import PHONE_TAKEN, normalize_phone
from contest.models import Participant

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_taken": PHONE_TAKEN,
        "incorrect_code": gettext_lazy("The code is not right. Check the message and try again."),
    }

    # allauth's phone stage would demand the code at sign-up and at every sign-in; here the
    # contest decides when (Contest.phone_verification): the vote gate and the prize notice
    # send people to accounts:phone-verify. Email accounts keep their email stage.
    def get_login_stages(self):
        return [
            "accounts.stages.EmailVerificationStage"
            if stage == "allauth.account.stages.EmailVerificationStage"
            else stage
            for stage in super().get_login_stages()
            if stage != "allauth.account.stages.PhoneVerificationStage"
        ]

    # --- The phone, kept on the profile (contest.Participant.phone) ------------------------
    def phone_form_field(self, **kwargs):
        from accounts.forms import PhoneField

        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone)

    def get_phone(self, user):
        profile = Participant.objects.filter(user=user).only("phone", "phone_verified_at").first()
        if profile is None or not profile.phone:
            return None
        return profile.phone, profile.phone_verified

    def get_user_by_phone(self, phone: str):
        phone = normalize_phone(phone)
        if not phone:
            return None
        profile = Participant.objects.filter(phone=phone).select_related("user").first()
        return profile.user if profile else None

    def set_phone(self, user, phone: str, verified: bool) -> None:
        # At sign-up (save_user) the profile does not exist yet: PhoneSignupForm.signup
        # creates it with this phone, in the same transaction.
        if not Participant.objects.filter(user=user).exists():
            return
        self._store_phone(user, normalize_phone(phone), verified=verified)

    def set_phone_verified(self, user, phone: str) -> None:
        self._store_phone(user, normalize_phone(phone), verified=True)

    def _store_phone(self, user, phone: str, *, verified: bool) -> None:
        try:
            with transaction.atomic():
                profile = Participant.objects.select_for_update().get(user=user)
                profile.phone = phone
                profile.save(update_fields=["phone", "updated_at"])
                if verified:
                    profile.phone_verified_at = timezone.now()
                    profile.save(update_fields=["phone_verified_at"])
        except IntegrityError as exc:  # another account took the number meanwhile
            raise forms.ValidationError(PHONE_TAKEN, code="phone_taken") from exc

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        from accounts import sms

        minutes = max(1, settings.ACCOUNT_PHONE_VERIFICATION_TIMEOUT // 60)
        message = gettext("Your verification code is %(code)s, valid for %(minutes)d minutes.") % {
            "code": code,
            "minutes": minutes,
        }
        sms.send_sms(phone, message)

    # Nobody takes part without a profile: send newcomers there first.
    def _profile_first(self, request, url: str) -> str:
        user = request.user
        if user.is_authenticated and not hasattr(user, "participant") and not user.is_staff:
            return reverse("contest:profile-edit")
        return url

    def get_login_redirect_url(self, request):
        return self._profile_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        return self._profile_first(request, super().get_signup_redirect_url(request))

    # Sign-in throttling lives in accounts/throttle.py and replaces allauth's "login_failed"
    # count, which locked the account for everyone, its owner included.
    def pre_authenticate(self, request, **credentials):
        login = (
            credentials.get("email")
            or credentials.get("username")
            or normalize_phone(credentials.get("phone") or "")
        )
        try:
            self.signin_attempt = throttle.begin(request, login=login)
        except throttle.Throttled as refused:
            raise forms.ValidationError(
                throttled_message(refused), code="too_many_login_attempts"
            ) from refused

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user:
            throttle.succeeded(getattr(self, "signin_attempt", None))
        return user

    def authentication_failed(self, request, **credentials):
        throttle.failed(getattr(self, "signin_attempt", None))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        throttle.remember_device(request, response, user)
        return response

    def send_mail(self, template_prefix, email, context_data):
        # Emails greet people with the contest's name, not the server's host name.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=context.request.get_host())
        super().send_mail(template_prefix, email, {"current_site": site, **context_data})


def throttled_message(refused: throttle.Throttled) -> str:
    if refused.reason == "account":
        message = ngettext(
            "This account has had too many failed sign-ins from browsers it has not been used "
            "on. Sign in from a browser you have used before, reset your password, or try "
            "again in %(seconds)d second.",
            "This account has had too many failed sign-ins from browsers it has not been used "
            "on. Sign in from a browser you have used before, reset your password, or try "
            "again in %(seconds)d seconds.",
            refused.seconds,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins. Try again in %(seconds)d second.",
            "Too many failed sign-ins. Try again in %(seconds)d seconds.",
            refused.seconds,
        )
    return message % {"seconds": refused.seconds}
