from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from contest.numbers import ascii_formfield

from .models import Question, Round, Topic, TopicQuota

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        model = Round
        formfield_callback = ascii_formfield
        fields = [
            "title",
            "bank",
            "opens_at",
            "closes_at",
            "time_limit_minutes",
            "max_attempts",
            "shuffle_choices",
            "auto_advance",
            "prediction",
            "ranking_order",
            "answers_shown",
            "prizes_first",
            "prizes_second",
            "prizes_third",
            "prizes_consolation",
        ]
        widgets = {"opens_at": DATETIME_WIDGET, "closes_at": DATETIME_WIDGET}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.draw_locked = bool(self.instance.pk and self.instance.attempts.exists())
        if self.draw_locked:
            # Attempts already drew from this bank: a new bank would make them unequal.
            self.fields["bank"].disabled = True
            self.fields["bank"].help_text = _("Fixed: attempts have already drawn from this bank.")

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must come after the opening time."))
        return cleaned


class QuotaForm(forms.ModelForm):
    class Meta:
        model = TopicQuota
        formfield_callback = ascii_formfield
        fields = ["topic", "count"]

    def __init__(self, *args, bank=None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.select_related("bank")
        self.fields["topic"].queryset = topics.filter(bank=bank) if bank else topics
        self.fields["topic"].label_from_instance = lambda t: f"{t.bank.name} – {t.name}"

    def clean(self):
        cleaned = super().clean()
        topic, count = cleaned.get("topic"), cleaned.get("count")
        if topic and count:
            available = Question.objects.current().filter(topic=topic).count()
            if count > available:
                self.add_error(
                    "count",
                    _("The topic has only %(available)d questions in use.")
                    % {"available": available},
                )
        return cleaned


QuotaFormSet = inlineformset_factory(
    Round, TopicQuota, form=QuotaForm, extra=3, can_delete=True, min_num=1, validate_min=True
)
