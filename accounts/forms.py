"""The sign-up screen and the phone field allauth uses on every page (sign-in, change phone)."""

from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from contest.forms import INVALID_PHONE, PHONE_TAKEN, ParticipantForm, valid_phone
from contest.services.participants import participant_save

# Marks a password input for static/js/password.js's show/hide button, with its labels.
PASSWORD_TOGGLE = {"data-password": "", "data-show": _("Show"), "data-hide": _("Hide")}


class PhoneField(forms.CharField):
    """A Vietnamese mobile number in any usual spelling, cleaned to 0xxxxxxxxx."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "tel",
                    "placeholder": "0912345678",
                }
            ),
        )
        kwargs.setdefault("error_messages", {"required": _("Enter your phone number.")})
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        phone = valid_phone(value)
        if phone is None:
            raise forms.ValidationError(INVALID_PHONE, code="invalid_phone")
        return phone


class PhoneOrEmailLoginForm(LoginForm):
    """allauth's sign-in; its field says what to type, and the password can be shown."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Phone or email")
        login.widget.attrs.update({"autocomplete": "username", "placeholder": "0912345678"})
        if "password" in self.fields:
            self.fields["password"].widget.attrs.update(PASSWORD_TOGGLE)
            self.fields["password"].help_text = ""  # the reset link is under the form


class PhoneTaken(Exception):
    """Another sign-up took the number between the form's check and the insert."""


class PhoneSignupForm(SignupForm):
    """allauth's sign-up (phone, one password, optional email) plus the short profile.

    The profile's fields come from contest.forms.ParticipantForm in its sign-up mode, so
    the rules are the profile page's; the account and the profile are saved in one
    transaction (try_save), and a number taken by a concurrent sign-up is a form error.
    """

    field_order = [
        "full_name",
        "phone",
        "password1",
        "participant_type",
        "unit_choice",
        "unit_other",
        "commune",
        "business_name",
        "consent",
        "email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile_form = ParticipantForm(self.data if self.is_bound else None, signup=True)
        for name, field in self.profile_form.fields.items():
            if name != "phone":
                self.fields[name] = field
        self.fields["phone"].help_text = _("You will sign in with it. 10 digits.")
        self.fields["password1"].help_text = _("At least 8 characters, not only digits.")
        self.fields["password1"].widget.attrs.update(PASSWORD_TOGGLE)
        if "email" in self.fields:
            self.fields["email"].label = _("Email (optional)")
            self.fields["email"].help_text = _("To receive news and reset your password by email.")
        self.order_fields(self.field_order)
        self.required_css_class = "required"
        self.label_suffix = ""

    @property
    def unit_types(self) -> list[str]:
        """The participant types that choose a unit (static/js/password.js shows only the
        fields of the chosen type; without JavaScript all are shown, with their help)."""
        return self.profile_form.unit_required_types()

    def clean(self):
        cleaned = super().clean()
        if not self.profile_form.is_valid():
            for name, errors in self.profile_form.errors.items():
                if name == "phone" and self.has_error("phone"):
                    continue
                self.add_error(name if name in self.fields else None, errors)
        return cleaned

    def try_save(self, request):
        """allauth's save, in one transaction with the profile; a number taken meanwhile by
        a concurrent sign-up gives this form back with the message (allauth's view shows
        the response try_save returns)."""
        try:
            with transaction.atomic():
                return super().try_save(request)
        except (IntegrityError, PhoneTaken):
            self.add_error("phone", PHONE_TAKEN)
            next_url = request.POST.get(REDIRECT_FIELD_NAME, "")
            context = {
                "form": self,
                "login_url": reverse("account_login"),
                "redirect_field": format_html(
                    '<input type="hidden" name="{}" value="{}">', REDIRECT_FIELD_NAME, next_url
                )
                if next_url
                else "",
            }
            return None, TemplateResponse(request, "account/signup.html", context)

    def signup(self, request, user):
        """allauth's hook, inside try_save's transaction: the profile with the account."""
        data = {**self.profile_form.cleaned_data, "phone": self.cleaned_data["phone"]}
        try:
            participant_save(user=user, data=data)
        except forms.ValidationError as exc:
            raise PhoneTaken from exc


__all__ = [
    "PASSWORD_TOGGLE",
    "PHONE_TAKEN",
    "PhoneField",
    "PhoneOrEmailLoginForm",
    "PhoneSignupForm",
    "PhoneTaken",
]
