import re
from datetime import date

from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Contest, Participant, Unit, default_unit_required_types
from .numbers import ascii_formfield

OTHER_UNIT = "other"
# Letters of any script (Vietnamese diacritics included), spaces, apostrophes, hyphens.
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)+$")


PHONE_RE = re.compile(r"0[0-9]{9}")  # ASCII digits only: \d also takes other scripts' digits
PHONE_TAKEN = _(
    "This phone number is already registered to another account. "
    "If it is yours, sign in with that account or contact the organizers."
)
INVALID_PHONE = _("Enter a phone number of 10 digits starting with 0, for example 0912345678.")


def normalize_phone(value: str) -> str:
    """'+84 912.345.678', '84912345678' and '0912 345 678' all become '0912345678'.

    The one normaliser of the site: sign-up, sign-in, profile and password reset all store
    and look up the 0xxxxxxxxx form. Anything else comes back stripped of separators only.
    """
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def valid_phone(value: str) -> str | None:
    """The normalised phone, or None when it is not a Vietnamese 10-digit number."""
    phone = normalize_phone(value)
    return phone if PHONE_RE.fullmatch(phone) else None


def required(message) -> forms.ValidationError:
    return forms.ValidationError(message, code="required")


class ParticipantForm(forms.ModelForm):
    # Longer than the stored values: people type spaces, dots and +84; clean_* normalises.
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        help_text=_("10 digits, for example 0912345678. The organizers call winners on it."),
        error_messages={"required": _("Enter your phone number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912345678"}
        ),
    )
    cccd = forms.CharField(
        label=_("Citizen ID (CCCD)"),
        max_length=20,
        required=False,
        help_text=_("Optional, 12 digits. Never shown publicly."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    unit_choice = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        help_text=_("Civil servants, armed forces, pupils and students."),
    )
    business_name = forms.CharField(
        label=_("Business name"),
        max_length=200,
        required=False,
        help_text=_("If you take part as a business."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organizers process my personal data (name, phone, "
            "citizen ID, unit) to run this contest, in line with Vietnam's personal data "
            "protection rules."
        ),
        error_messages={
            "required": _("You must agree to the processing of your personal data to take part.")
        },
    )

    required_css_class = "required"
    field_order = [
        "full_name",
        "phone",
        "participant_type",
        "unit_choice",
        "unit_other",
        "commune",
        "business_name",
        "cccd",
        "date_of_birth",
        "gender",
        "consent",
    ]
    # The sign-up screen asks only these; the rest can be filled in later on the profile page.
    SIGNUP_FIELDS = [
        "full_name",
        "phone",
        "participant_type",
        "unit_choice",
        "unit_other",
        "commune",
        "business_name",
        "consent",
    ]

    class Meta:
        model = Participant
        formfield_callback = ascii_formfield
        fields = [
            "full_name",
            "phone",
            "participant_type",
            "unit_other",
            "cccd",
            "date_of_birth",
            "gender",
            "commune",
        ]
        widgets = {
            "full_name": forms.TextInput(
                attrs={"autocomplete": "name", "placeholder": "Nguyễn Văn An"}
            ),
            "date_of_birth": forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "bday"},
            ),
            "participant_type": forms.RadioSelect,
        }
        help_texts = {
            "date_of_birth": _("Optional, as dd/mm/yyyy."),
            "commune": _("If you take part as a citizen."),
        }
        error_messages = {
            "full_name": {"required": _("Enter your full name.")},
            "participant_type": {"required": _("Choose who you are taking part as.")},
            "date_of_birth": {
                "invalid": _("Enter the date of birth as dd/mm/yyyy, for example 25/03/1990.")
            },
        }

    def __init__(self, *args, contest: Contest | None = None, signup: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.contest = contest if contest is not None else Contest.current()
        if signup:
            for name in list(self.fields):
                if name not in self.SIGNUP_FIELDS:
                    del self.fields[name]
        # Rows, not model instances: a few hundred units on every profile page (issue 13).
        units = Unit.objects.filter(is_active=True).values_list("pk", "name")
        self.fields["unit_choice"].choices = [
            ("", _("— Choose your unit —")),
            *[(str(pk), name) for pk, name in units],
            (OTHER_UNIT, _("Other (type the name below)")),
        ]
        self.fields["participant_type"].choices = Participant.Type.choices
        if "gender" in self.fields:
            self.fields["gender"].choices = [
                ("", _("— Not stated —")),
                *Participant.Gender.choices,
            ]
            self.fields["date_of_birth"].input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        self.fields["unit_other"].label = _("Name of your unit (if “Other”)")
        profile = self.instance
        if profile.pk:
            if profile.participant_type == Participant.Type.BUSINESS and not profile.unit_id:
                self.initial["business_name"] = profile.unit_other
                self.initial["unit_other"] = ""
            elif profile.unit_id or profile.unit_other:
                self.initial["unit_choice"] = (
                    str(profile.unit_id) if profile.unit_id else OTHER_UNIT
                )
            self.initial["consent"] = True

    def unit_required_types(self) -> list[str]:
        if self.contest is None:
            return default_unit_required_types()
        return self.contest.unit_required_types or []

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not NAME_RE.match(name):
            raise forms.ValidationError(
                _(
                    "Enter your full name with diacritics, at least two words, without digits "
                    "(for example Nguyễn Văn An)."
                ),
                code="invalid_name",
            )
        return name

    def clean_phone(self):
        phone = valid_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(INVALID_PHONE, code="invalid_phone")
        taken = Participant.objects.filter(phone=phone).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(PHONE_TAKEN, code="phone_taken")
        return phone

    def clean_cccd(self):
        cccd = re.sub(r"\s", "", self.cleaned_data.get("cccd") or "")
        if not cccd:
            return ""
        if not re.fullmatch(r"\d{12}", cccd):
            raise forms.ValidationError(
                _("A citizen ID (CCCD) number has exactly 12 digits."), code="invalid_cccd"
            )
        if Participant.objects.filter(cccd=cccd).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This citizen ID number is already registered to another account."),
                code="cccd_taken",
            )
        return cccd

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and not (date(1900, 1, 1) <= born <= date.today()):
            raise forms.ValidationError(
                _("Enter a real date of birth, between 1900 and today."), code="invalid_birth_date"
            )
        return born

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("participant_type")
        choice = cleaned.get("unit_choice")
        other = " ".join((cleaned.get("unit_other") or "").split())
        cleaned["commune"] = " ".join((cleaned.get("commune") or "").split())
        business = " ".join((cleaned.get("business_name") or "").split())
        if kind and kind not in self.unit_required_types() and not choice:
            # Citizens give their commune, businesses their name; a unit is not asked (one
            # chosen all the same is kept, like a citizen's unit from before).
            cleaned["unit"] = None
            cleaned["unit_other"] = business if kind == Participant.Type.BUSINESS else ""
            if kind == Participant.Type.BUSINESS and not business:
                self.add_error("business_name", required(_("Type the name of your business.")))
            elif kind != Participant.Type.BUSINESS and not cleaned["commune"]:
                self.add_error("commune", required(_("Type your commune or ward.")))
            self.instance.unit = None
            return cleaned
        if not choice:
            self.add_error(
                "unit_choice", required(_("Choose your unit, or “Other” and type its name."))
            )
        if choice == OTHER_UNIT:
            if not other:
                self.add_error(
                    "unit_other", _("Type the name of your unit, since you chose “Other”.")
                )
            cleaned["unit"] = None
            cleaned["unit_other"] = other
        elif choice:
            cleaned["unit"] = Unit.objects.filter(pk=choice, is_active=True).first()
            if cleaned["unit"] is None:
                self.add_error("unit_choice", _("Choose a unit from the list."))
            cleaned["unit_other"] = ""
        # `unit` is not a model field of this form; the model's checks need it set.
        self.instance.unit = cleaned.get("unit")
        return cleaned


class TableImportForm(forms.Form):
    """The upload of every list import (units, banners); `help_text` names its columns."""

    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        error_messages={"required": _("Choose a file to import.")},
    )

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = help_text


class AuditFilterForm(forms.Form):
    """Filters of the organizers' audit log page and its export (all optional)."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Object"), required=False)
    actor = forms.CharField(label=_("By (email contains)"), max_length=254, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("— Any action —")), *AuditEntry.Action.choices]
        self.fields["target_type"].choices = [("", _("— Any object —")), *self.target_types()]
        for name in ("since", "until"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    @staticmethod
    def target_types() -> list[tuple[str, str]]:
        """The kinds of object the log has entries about ("quizzes.round" -> "Round"), named
        by their models: the base app needs no list of the apps above it."""
        types = AuditEntry.objects.order_by().values_list("target_type", flat=True).distinct()
        choices = []
        for label in types:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            choices.append((label, capfirst(str(model._meta.verbose_name))))
        return sorted(choices, key=lambda choice: choice[1])

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored and reported by the form)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {name: value for name, value in data.items() if value}
