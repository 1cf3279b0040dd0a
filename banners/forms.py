from django import forms
from django.utils.translation import gettext_lazy as _

from contest.models import Unit
from contest.numbers import ascii_formfield
from quizzes.models import Round

from .models import Banner


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
