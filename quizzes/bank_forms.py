"""Forms of the organizers' question-bank pages; the rules live in services.questions."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Bank, Question
from .services.questions import LETTERS


class NameForm(forms.Form):
    """One name: a new bank, or a new topic of a bank."""

    required_css_class = "required"
    name = forms.CharField(
        label=_("Name"),
        error_messages={"required": _("Enter a name.")},
    )

    def __init__(self, *args, label=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if label:
            self.fields["name"].label = label


class QuestionForm(forms.Form):
    """A flat form: topic, text, explanation, difficulty and six choice rows A–F.

    Text and choices are checked by question_save, so that all their problems are
    reported at once with the same messages as anywhere else.
    """

    required_css_class = "required"
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=None,
        error_messages={
            "required": _("Choose a topic."),
            "invalid_choice": _("Choose a topic of this bank."),
        },
    )
    text = forms.CharField(label=_("Question"), required=False, widget=forms.Textarea({"rows": 4}))
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Optional: the legal basis of the answer, shown once answers are shown."),
    )
    difficulty = forms.ChoiceField(
        label=_("Difficulty"),
        choices=Question.Difficulty.choices,
        initial=Question.Difficulty.MEDIUM,
    )

    def __init__(self, *args, bank: Bank, question: Question | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        if question is not None:
            kwargs.setdefault("initial", {}).update(self._initial(question))
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = bank.topics.all()
        for letter in LETTERS:
            key = letter.lower()
            self.fields[f"choice_{key}"] = forms.CharField(
                label=gettext("Choice %(letter)s") % {"letter": letter},
                required=False,
                widget=forms.TextInput({"maxlength": 500}),
            )
            self.fields[f"correct_{key}"] = forms.BooleanField(
                label=gettext("%(letter)s is correct") % {"letter": letter}, required=False
            )

    @staticmethod
    def _initial(question: Question) -> dict:
        initial = {
            "topic": question.topic_id,
            "text": question.text,
            "explanation": question.explanation,
            "difficulty": question.difficulty,
        }
        for letter, choice in zip(LETTERS, question.choices.all(), strict=False):
            initial[f"choice_{letter.lower()}"] = choice.text
            initial[f"correct_{letter.lower()}"] = choice.is_correct
        return initial

    @property
    def choice_rows(self):
        """(text field, correct field) for each letter, for the template."""
        return [(self[f"choice_{c.lower()}"], self[f"correct_{c.lower()}"]) for c in LETTERS]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "text": data["text"],
            "explanation": data["explanation"],
            "difficulty": data["difficulty"],
            "choices": [
                (data[f"choice_{c.lower()}"], data[f"correct_{c.lower()}"]) for c in LETTERS
            ],
        }

    def add_service_error(self, error) -> None:
        """Put the service's problems beside their fields; choice problems go on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)


class QuestionImportForm(forms.Form):
    required_css_class = "required"
    file = forms.FileField(
        label=_("File: Excel (.xlsx), GIFT or Aiken"),
        help_text=_(
            "Use the template's columns for Excel. GIFT is the format Moodle exports; Aiken is "
            "plain text with choices A., B., … and a line ANSWER: B."
        ),
        error_messages={"required": _("Choose a file to import.")},
    )
    default_topic = forms.ModelChoiceField(
        label=_("Default topic"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("For questions whose file names no topic: always the case in Aiken files."),
    )
    create_topics = forms.BooleanField(
        label=_("Create the topics the bank does not have yet"), required=False
    )

    def __init__(self, *args, bank: Bank, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["default_topic"].queryset = bank.topics.all()
