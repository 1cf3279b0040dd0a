from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.models import Unit
from contest.numbers import ascii_formfield
from gallery.images import read_poster
from quizzes.models import Round

from .models import Banner, BannerCheck


class BannerForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        model = Banner
        formfield_callback = ascii_formfield
        fields = ["name", "unit", "commune", "target", "round", "path", "is_active"]
        widgets = {
            "name": forms.TextInput(
                attrs={"placeholder": "Trung tâm Phục vụ hành chính công tỉnh – sảnh chính"}
            ),
            "target": forms.RadioSelect,
            "path": forms.TextInput(attrs={"placeholder": "/"}),
        }
        help_texts = {"round": _("For a round or its live board.")}
        error_messages = {
            "name": {"required": _("Type the banner's name and place.")},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["unit"].empty_label = _("— No unit —")
        self.fields["round"].queryset = Round.objects.select_related("contest").order_by(
            "-opens_at"
        )
        self.fields["round"].empty_label = _("— No round —")
        self.fields["target"].choices = Banner.Target.choices

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Banner.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Another banner already has this name; make it more precise."),
                code="unique",
            )
        return name


# A phone photo of a banner: enough to see it, far less than a poster for print.
CHECK_PHOTO_MAX_BYTES = 15 * 1024 * 1024
CHECK_PHOTO_MIN_SIDE = 200


class BannerCheckForm(forms.Form):
    """What the checker found; the position comes from the page's script (hidden fields)."""

    state = forms.ChoiceField(
        label=_("What did you find?"),
        choices=BannerCheck.State.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you found at the banner.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what is wrong, what should be done."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Optional: take a photo of the banner (at most 15 MB)."),
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    accuracy = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.processed = None

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.processed = read_poster(
                upload, max_bytes=CHECK_PHOTO_MAX_BYTES, min_long_side=CHECK_PHOTO_MIN_SIDE
            )
        return upload

    def position(self) -> tuple[Decimal | None, Decimal | None, int | None]:
        """(latitude, longitude, accuracy in metres), or Nones: the script fills them in, so
        a value that is not a position is dropped rather than shown to the checker."""
        data = self.cleaned_data
        try:
            lat = Decimal(data.get("latitude") or "x").quantize(Decimal("0.000001"))
            lon = Decimal(data.get("longitude") or "x").quantize(Decimal("0.000001"))
        except (InvalidOperation, ValueError):
            return None, None, None
        if not (lat.is_finite() and lon.is_finite() and abs(lat) <= 90 and abs(lon) <= 180):
            return None, None, None
        try:
            accuracy = round(float(data.get("accuracy") or ""))
        except (ValueError, OverflowError):
            accuracy = None
        if accuracy is not None and not 0 <= accuracy <= 1_000_000:
            accuracy = None
        return lat, lon, accuracy
