"""The phone pages around allauth's: sign-up's race, a phone verified when the contest asks,
and a password reset by a code sent to the phone (allauth's reset by code is email-only)."""

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from allauth.account.fields import SetPasswordField
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import email_resend
from accounts.forms import PASSWORD_TOGGLE, PhoneField
from accounts.phone_codes import CodeRefused, code_check, code_pending, code_send, cooldown_left
from contest.models import Contest, Participant


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def change_phone(request):
    """allauth's change-phone page, for accounts that have a profile to hold the phone."""
    if request.user.is_authenticated and not Participant.objects.filter(user=request.user).exists():
        return redirect(_with_next(reverse("contest:profile-edit"), request.get_full_path()))
    return allauth_views.change_phone(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the text message"),
        max_length=12,
        error_messages={"required": gettext_lazy("Type the 6-digit code.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]*",
                "placeholder": "123456",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _code_page_context(request, phone: str, purpose: str) -> dict:
    pending = code_pending(request, purpose)
    return {
        "phone": phone,
        "sent": bool(pending and pending["phone"] == phone),
        "wait": cooldown_left(phone) if phone else 0,
        "next": _next(request),
    }


@never_cache
@login_required
def phone_verify_view(request):
    """Verify the profile's phone by a code: asked before voting (or a prize) when the
    contest says so, and linked from the profile page. Returns to `next` when done."""
    profile = Participant.objects.filter(user=request.user).first()
    next_url = _next(request)
    here = _with_next(reverse("accounts:phone-verify"), next_url)
    if profile is None or not profile.phone:
        return redirect(_with_next(reverse("contest:profile-edit"), here))
    if profile.phone_verified:
        messages.info(request, _("Your phone number is verified."))
        return redirect(next_url or "contest:profile-edit")
    form = CodeForm()
    if request.method == "POST":
        if request.POST.get("action") == "send":
            try:
                code_send(request, purpose="verify", phone=profile.phone, user=request.user)
            except CodeRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(
                    request, _("We sent a code to %(phone)s.") % {"phone": profile.phone}
                )
            return redirect(here)
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                sent = code_check(request, purpose="verify", code=form.cleaned_data["code"])
                if sent.phone != profile.phone or sent.user_id != request.user.pk:
                    raise CodeRefused(_("Ask for a code first."), code="no_code")
                get_adapter(request).set_phone_verified(request.user, sent.phone)
            except CodeRefused as refused:
                form.add_error("code", refused.message)
            except forms.ValidationError as exc:
                form.add_error("code", exc)
            else:
                messages.success(request, _("Your phone number is verified."))
                return redirect(next_url or "contest:profile-edit")
    context = {**_code_page_context(request, profile.phone, "verify"), "form": form}
    status = 400 if form.errors else 200
    return render(request, "account/phone_verify.html", context, status=status)


# --- Password reset by a code sent to the phone -------------------------------------------
class PhoneResetRequestForm(forms.Form):
    phone = PhoneField(help_text=gettext_lazy("The number you signed up with."))


class PhoneResetConfirmForm(CodeForm):
    password1 = SetPasswordField(label=gettext_lazy("New password"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].user = user
        self.fields["password1"].help_text = _("At least 8 characters, not only digits.")
        self.fields["password1"].widget.attrs.update(PASSWORD_TOGGLE)


@never_cache
def password_reset_phone_view(request):
    """Step 1: the phone. Whether an account has it is not said (the same page follows)."""
    form = PhoneResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        user = get_adapter(request).get_user_by_phone(phone)
        if user is not None and not user.is_active:
            user = None
        try:
            code_send(request, purpose="reset", phone=phone, user=user)
        except CodeRefused as refused:
            form.add_error("phone", refused.message)
        else:
            return redirect("accounts:password-reset-phone-confirm")
    status = 400 if form.errors else 200
    return render(request, "account/password_reset_phone.html", {"form": form}, status=status)


@never_cache
def password_reset_phone_confirm_view(request):
    """Step 2: the code and the new password on one screen; then signed in."""
    pending = code_pending(request, "reset")
    if not pending:
        messages.error(request, _("Ask for a code first."))
        return redirect("accounts:password-reset-phone")
    phone = pending["phone"]
    user = get_user_model().objects.filter(pk=pending["user_id"]).first()
    if request.method == "POST" and request.POST.get("action") == "send":
        try:
            code_send(request, purpose="reset", phone=phone, user=user)
        except CodeRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("We sent a new code to %(phone)s.") % {"phone": phone})
        return redirect("accounts:password-reset-phone-confirm")
    form = PhoneResetConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            sent = code_check(request, purpose="reset", code=form.cleaned_data["code"])
        except CodeRefused as refused:
            form.add_error("code", refused.message)
        else:
            user = get_user_model().objects.get(pk=sent.user_id)
            user.set_password(form.cleaned_data["password1"])
            user.save(update_fields=["password"])
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Your password is changed and you are signed in."))
            return redirect(get_adapter(request).get_login_redirect_url(request))
    context = {
        "form": form,
        "phone": phone,
        "wait": cooldown_left(phone),
        "contest": Contest.current(),
    }
    status = 400 if form.errors else 200
    return render(request, "account/password_reset_phone_confirm.html", context, status=status)


# --- "Send the email again", with its cooldown (accounts/email_resend.py) -----------------
def _wait_message(seconds: int) -> str:
    return ngettext(
        "An email was sent a moment ago. You can ask for another in %(seconds)d second.",
        "An email was sent a moment ago. You can ask for another in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def password_reset(request):
    """allauth's reset by email, remembering where the email went so that the "check your
    email" page can offer it again, and refusing a second one before the cooldown."""
    email = request.POST.get("email", "").strip() if request.method == "POST" else ""
    if email:
        last, wait = email_resend.state(request, "reset")
        if wait and last.lower() == email.lower():
            messages.error(request, _wait_message(wait))
            return redirect("account_reset_password_done")
    response = allauth_views.password_reset(request)
    if email and response.status_code == 302:
        email_resend.record(request, "reset", email)
    return response


@require_POST
def email_verification_resend_view(request):
    """The "check your email" page's button: the confirmation email again, after the
    cooldown, to the address this browser was told about."""
    email, wait = email_resend.state(request, "verify")
    if not email:
        messages.error(request, _("Sign in again to have a new confirmation email sent."))
        return redirect("account_login")
    if wait:
        messages.error(request, _wait_message(wait))
    else:
        address = EmailAddress.objects.filter(email__iexact=email, verified=False).first()
        if address:
            address.send_confirmation(request)
        email_resend.record(request, "verify", email)
        messages.success(request, _("A new confirmation email is on its way."))
    return redirect("account_email_verification_sent")
