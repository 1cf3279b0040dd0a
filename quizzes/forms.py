import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contest.numbers import ascii_formfield

from .models import Bank, Question, Round, Topic, TopicQuota

# The contest's rules give Vietnam's time, whatever the server's or the browser's zone.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SHOWN_FORMAT = "%d/%m/%Y %H:%M"
# dd/mm/yyyy hh:mm with the separators people type (15/9/2026 7:00, 15-09-2026 07h00), the
# twelve digits alone (a phone's number pad has no "/"), and the ISO form a browser's own
# date picker or an older page sends.
SEPARATOR = r"[\s/.,:hH\-]+"
DAY_FIRST = re.compile(
    r"(\d{1,2})~(\d{1,2})~(\d{4})~(\d{1,2})~(\d{2})".replace("~", SEPARATOR), re.ASCII
)
DIGITS_ONLY = re.compile(r"(\d{2})(\d{2})(\d{4})(\d{2})(\d{2})", re.ASCII)
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2})?", re.ASCII)


class VietnamDateTimeInput(forms.TextInput):
    """A text box showing a moment as dd/mm/yyyy hh:mm in Vietnam's time."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "placeholder": "dd/mm/yyyy hh:mm",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": "20",
                "data-datetime": "",  # static/js/round_form.js types the "/" and ":"
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value, VIETNAM)
            return value.strftime(SHOWN_FORMAT)
        return super().format_value(value)


class VietnamDateTimeField(forms.DateTimeField):
    """A moment written dd/mm/yyyy hh:mm, read in Vietnam's time (Asia/Ho_Chi_Minh).

    Compared with its stored value to the minute, so saving a form unchanged changes nothing.
    """

    widget = VietnamDateTimeInput
    default_error_messages = {
        "invalid": _(
            "Write the date and time as day/month/year hour:minute, for example 15/09/2026 07:00."
        ),
        "no_such_day": _("%(value)s is not a date or time that exists. Check the day and month."),
        "out_of_range": _("Choose a year from 2000 to 2099."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else value.replace(tzinfo=VIETNAM)
        text = str(value).strip()
        if match := DAY_FIRST.fullmatch(text) or DIGITS_ONLY.fullmatch(text):
            day, month, year, hour, minute = (int(part) for part in match.groups())
        elif match := ISO.fullmatch(text):
            year, month, day, hour, minute = (int(part) for part in match.groups())
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not 2000 <= year <= 2099:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        try:
            return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)
        except ValueError:
            raise ValidationError(
                self.error_messages["no_such_day"], code="no_such_day", params={"value": text}
            ) from None

    def prepare_value(self, value):
        return value  # the widget shows it in Vietnam's time

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            value = self.to_python(data)
        except ValidationError:
            return True
        return _to_minute(initial) != _to_minute(value)


def _to_minute(value):
    return value.replace(second=0, microsecond=0) if isinstance(value, datetime) else value


def _localized_field(db_field, **kwargs):
    if db_field.name in ("opens_at", "closes_at"):
        kwargs["form_class"] = VietnamDateTimeField
    return ascii_formfield(db_field, **kwargs)


class RoundForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        model = Round
        formfield_callback = _localized_field
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
        labels = {"title": _("Round title"), "bank": _("Question bank")}
        widgets = {
            "prediction": forms.RadioSelect,
            "ranking_order": forms.RadioSelect,
            "answers_shown": forms.RadioSelect,
        }
        # What each setting does, for an organizer setting up a round for the first time.
        help_texts = {
            "title": _(
                "The name participants see on the round's page and its share link, "
                "for example “Week 1: The one-stop mechanism”."
            ),
            "bank": _(
                "Each attempt draws its questions at random from this bank. Below the settings "
                "you choose how many questions come from each of its topics."
            ),
            "opens_at": _(
                "From this moment participants can start an attempt. Vietnam time, written "
                "day/month/year hour:minute, for example 15/09/2026 07:00."
            ),
            "closes_at": _(
                "After this moment no attempt can start, and an attempt still running ends; the "
                "round then locks by itself. Vietnam time, for example 15/10/2026 22:00."
            ),
            "time_limit_minutes": _(
                "How long one attempt may last, from 1 to 240 minutes. The server keeps the "
                "time: when it runs out, the attempt is submitted with the answers given."
            ),
            "max_attempts": _(
                "How many times one person may take this round, from 1 to 10. Their best "
                "attempt counts: the highest score, then the fastest."
            ),
            "shuffle_choices": _(
                "Each attempt shows a question's choices in its own order, so answers cannot be "
                "passed around as “A, B, C”."
            ),
            "prediction": _(
                "The extra question at the end of an attempt that decides between equal scores: "
                "participants write a number, and the closest to the real figure, known when "
                "the round closes, ranks higher."
            ),
            "ranking_order": _(
                "How people with the same score are ordered: first by how close their "
                "prediction is, or first by how quickly they finished. Follow the contest's "
                "rules."
            ),
            "answers_shown": _(
                "When participants may see the correct answers of their own attempts."
            ),
            "prizes_first": _(
                "How many first prizes (giải Nhất) this round awards, given down the official "
                "ranking when the round closes; 0 for none."
            ),
            "prizes_second": _(
                "How many second prizes (giải Nhì) come after the first prizes; 0 for none."
            ),
            "prizes_third": _(
                "How many third prizes (giải Ba) come after the second prizes; 0 for none."
            ),
            "prizes_consolation": _(
                "How many consolation prizes (giải Khuyến khích) come after the third prizes; "
                "0 for none."
            ),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["bank"].empty_label = _("— Choose a question bank —")
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
        for name in ("opens_at", "closes_at"):
            # Shown to the minute: an unchanged box keeps the stored moment, seconds and all.
            if self.instance.pk and name in cleaned and name not in self.changed_data:
                cleaned[name] = getattr(self.instance, name)
        return cleaned

    def values_as_typed(self) -> dict:
        """The posted values, as initial data for an unbound copy of this form (no errors)."""
        return {name: self[name].data for name in self.fields if not self.fields[name].disabled}


class QuotaForm(forms.ModelForm):
    """One topic of the bank and how many of its questions each attempt draws (blank: none)."""

    class Meta:
        model = TopicQuota
        formfield_callback = ascii_formfield
        fields = ["topic", "count"]
        widgets = {"topic": forms.HiddenInput}

    def __init__(self, *args, bank=None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.select_related("bank")
        self.fields["topic"].queryset = topics.filter(bank=bank) if bank else topics
        count = self.fields["count"]
        count.required = False
        count.widget.attrs.update({"inputmode": "numeric", "min": "0"})
        self.topic = None

    def name_row(self, topic: Topic, available: int) -> None:
        """Label the row with its topic and the number of questions it can draw from."""
        self.topic = topic
        self.fields["count"].label = topic.name
        self.fields["count"].help_text = ngettext(
            "%(available)d question in use; leave blank or 0 to draw none.",
            "%(available)d questions in use; leave blank or 0 to draw none.",
            available,
        ) % {"available": available}

    def clean_count(self):
        return self.cleaned_data.get("count") or None  # 0 and blank: no question drawn

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


class BaseQuotaFormSet(BaseInlineFormSet):
    """One row per topic of `bank`: the round's quotas, then its other topics, blank.

    No topic to pick and nothing to delete: a count left blank or 0 draws nothing. Pass
    `bank` (or, as before, `form_kwargs={"bank": ...}`); `locked` shows the counts read-only.
    """

    def __init__(self, data=None, *args, instance=None, bank=None, locked=False, **kwargs):
        form_kwargs = dict(kwargs.pop("form_kwargs", None) or {})
        bank = bank if bank is not None else form_kwargs.get("bank")
        form_kwargs["bank"] = bank
        self.bank: Bank | None = bank
        self.locked = locked
        topics = list(bank.topics.all()) if bank else []
        used = set(instance.quotas.values_list("topic_id", flat=True)) if instance.pk else set()
        new = [topic for topic in topics if topic.pk not in used]
        self.extra = len(new)
        kwargs.setdefault("initial", [{"topic": topic.pk} for topic in new])
        self._topics = {topic.pk: topic for topic in topics}
        self._available = dict(
            Question.objects.current()
            .filter(bank=bank)
            .values_list("topic")
            .annotate(n=Count("pk"))
            .values_list("topic", "n")
            if bank
            else []
        )
        super().__init__(data, *args, instance=instance, form_kwargs=form_kwargs, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        topic = form.instance.topic if form.instance.topic_id else None
        if topic is None:
            topic = self._topics.get(form.initial.get("topic"))
        if topic is not None:
            form.name_row(topic, self._available.get(topic.pk, 0))
        if self.locked:
            form.fields["count"].disabled = True
        return form

    @property
    def rows(self) -> list[QuotaForm]:
        """The forms in the order of their topics' names (the order in the page)."""
        return sorted(self.forms, key=lambda form: form.topic.name.lower() if form.topic else "")

    def quotas(self) -> list[tuple[Topic, int]]:
        """The (topic, count) pairs to draw, once the formset is valid."""
        return [
            (form.cleaned_data["topic"], form.cleaned_data["count"])
            for form in self.forms
            if form.cleaned_data.get("topic") and form.cleaned_data.get("count")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.quotas():
            raise ValidationError(
                _("Choose how many questions to draw from at least one topic."), code="no_quota"
            )


QuotaFormSet = inlineformset_factory(
    Round, TopicQuota, form=QuotaForm, formset=BaseQuotaFormSet, extra=0, can_delete=False
)
