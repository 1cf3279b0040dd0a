from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import CertificateTemplate, placeholder_list
from .services.certificates import image_read


class DataDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type the confirmation words"),
        max_length=100,
        error_messages={"required": _("Type the confirmation words to delete your data.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


# --- Certificates ---------------------------------------------------------------------
class CertificateTemplateForm(forms.ModelForm):
    """The template's wording and images; images are checked and cleaned as posters are."""

    signature = forms.FileField(
        label=_("Signature and seal"),
        required=False,
        help_text=_("A JPEG or PNG scan on a white background; white prints as transparent."),
    )
    clear_signature = forms.BooleanField(label=_("Remove the signature and seal"), required=False)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("The province's or the organizer's emblem, printed at the top left."),
    )
    clear_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = CertificateTemplate
        fields = [
            "title",
            "issuer",
            "body",
            "participation_body",
            "place",
            "signer_title",
            "signer_name",
            "serial_prefix",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "participation_body": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _("Placeholders: %(list)s.") % {"list": placeholder_list()}
        for name in ("body", "participation_body"):
            self.fields[name].help_text = hint
        self.fields["serial_prefix"].validators.append(
            RegexValidator(
                r"^[A-Z0-9]{1,12}$",
                _("Use capital letters and digits only, e.g. CCHC."),
                code="serial_prefix",
            )
        )

    def _image(self, name):
        upload = self.cleaned_data.get(name)
        return image_read(upload) if upload else None

    def clean_signature(self):
        return self._image("signature")

    def clean_logo(self):
        return self._image("logo")


class CertificateIssueForm(forms.Form):
    """What to issue for: a published round or the gallery, and the participation option."""

    source = forms.ChoiceField(label=_("Issue certificates for"))
    participation = forms.BooleanField(
        label=_("Also a certificate of participation"),
        required=False,
        help_text=_("For everyone whose best attempt in the round reached the score below."),
    )
    min_score = forms.IntegerField(
        label=_("Lowest score for a certificate of participation"),
        required=False,
        min_value=0,
        max_value=1000,
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources

    def clean(self):
        data = super().clean()
        if data.get("participation"):
            if data.get("min_score") is None:
                self.add_error("min_score", _("Give the lowest score."))
            elif not str(data.get("source", "")).startswith("round-"):
                self.add_error(
                    "participation", _("Certificates of participation are for quiz rounds.")
                )
        return data


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for revoking.")},
    )


class CertificateNotifyForm(forms.Form):
    source = forms.ChoiceField(label=_("Certificates of"))
    channel = forms.ChoiceField(
        label=_("Send by"),
        choices=[("email", _("Email")), ("sms", _("Text message (SMS)"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources
