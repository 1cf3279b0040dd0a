from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms import valid_phone
from contest.models import Unit

from .selectors_contacts import account_find


class ContactAddForm(forms.Form):
    """The organizers' form naming a unit's contact: the unit, and the person's account by
    the phone or email they signed up with."""

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.order_by("name"),
        empty_label=_("– Choose a unit –"),
        error_messages={
            "required": _("Choose the unit."),
            "invalid_choice": _("Choose a unit from the list."),
        },
    )
    account = forms.CharField(
        label=_("Phone number or email of the account"),
        max_length=254,
        help_text=_(
            "The person signs up on the site first (with their phone or email); then type "
            "the phone number (0912345678) or email address they signed up with."
        ),
        error_messages={"required": _("Type the phone number or email of the account.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_account(self):
        text = self.cleaned_data["account"].strip()
        if "@" not in text and valid_phone(text) is None:
            raise forms.ValidationError(
                _(
                    "Type a phone number of 10 digits starting with 0 (for example "
                    "0912345678) or an email address."
                ),
                code="invalid_account",
            )
        user = account_find(text)
        if user is None:
            raise forms.ValidationError(
                _(
                    "No account has this phone number or email. Ask the person to sign up "
                    "on the site first, then name them again."
                ),
                code="no_account",
            )
        return user
