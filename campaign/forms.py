from django import forms
from django.utils.translation import gettext_lazy as _


class DataDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type the confirmation words"),
        max_length=100,
        error_messages={"required": _("Type the confirmation words to delete your data.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
