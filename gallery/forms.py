from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contest.numbers import AsciiIntegerField, ascii_formfield

from .images import px, read_poster
from .models import Criterion, Entry, GalleryConfig
from .services.entries import normalize_poem, poem_lines

MAX_EXPLANATION_WORDS = 300
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic"


class EntryForm(forms.Form):
    """Fields shared by posters and poems; subclasses add their own."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give your entry a title.")},
    )
    pledge = forms.BooleanField(
        label=_("I declare that this work is my own and has not been published before."),
        error_messages={"required": _("Confirm that the work is your own and unpublished.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that the organizers show this work in the public gallery."),
        error_messages={"required": _("Agree to the display of your work to send it.")},
    )

    required_css_class = "required"

    def __init__(self, *args, gallery: GalleryConfig, entry: Entry | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": entry.title,
                    "pen_name": entry.pen_name,
                    "explanation": entry.explanation,
                    "poem": entry.poem,
                    "pledge": True,
                    "consent": True,
                },
            )
        super().__init__(*args, **kwargs)
        self.gallery = gallery
        self.entry = entry
        self.processed = None


class PosterForm(EntryForm):
    image = forms.FileField(
        label=_("Poster image"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose the poster's image file.")},
    )
    explanation = forms.CharField(
        label=_("Explanation (at most 300 words)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write a short explanation of your poster.")},
    )
    field_order = ["image", "title", "explanation", "pledge", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gallery = self.gallery
        self.fields["image"].help_text = _(
            "JPEG, PNG, WebP or HEIC, at most %(mb)s MB, long side at least %(px)s px."
        ) % {"mb": gallery.max_image_mb, "px": px(gallery.min_long_side)}
        if self.entry is not None:
            self.fields["image"].required = False
            self.fields["image"].help_text += " " + _("Leave empty to keep the current image.")

    def clean_explanation(self):
        text = self.cleaned_data["explanation"].strip()
        words = len(text.split())
        if words > MAX_EXPLANATION_WORDS:
            raise forms.ValidationError(
                _("The explanation has %(words)d words; shorten it to at most %(limit)d.")
                % {"words": words, "limit": MAX_EXPLANATION_WORDS},
                code="too_long",
            )
        return text

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            self.processed = read_poster(
                upload,
                max_bytes=self.gallery.max_image_bytes,
                min_long_side=self.gallery.min_long_side,
            )
        return upload


class PoemForm(EntryForm):
    pen_name = forms.CharField(
        label=_("Pen name"),
        max_length=120,
        help_text=_("Shown with the poem instead of your real name, which the organizers keep."),
        error_messages={"required": _("Give the pen name to show with the poem.")},
    )
    poem = forms.CharField(
        label=_("The poem"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        error_messages={"required": _("Write or paste the poem.")},
    )
    field_order = ["title", "pen_name", "poem", "pledge", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poem"].help_text = _(
            "At most %(lines)d lines; line breaks are kept as you type them."
        ) % {"lines": self.gallery.max_poem_lines}

    def clean_poem(self):
        text = normalize_poem(self.cleaned_data["poem"])
        lines = poem_lines(text)
        if lines > self.gallery.max_poem_lines:
            raise forms.ValidationError(
                ngettext(
                    "The poem has %(lines)d lines; at most %(limit)d line is allowed.",
                    "The poem has %(lines)d lines; at most %(limit)d lines are allowed.",
                    self.gallery.max_poem_lines,
                )
                % {"lines": lines, "limit": self.gallery.max_poem_lines},
                code="too_long",
            )
        if lines < 2:
            raise forms.ValidationError(_("A poem has at least two lines."), code="too_short")
        return text


FORMS = {Entry.Kind.POSTER: PosterForm, Entry.Kind.POEM: PoemForm}


class ReviewForm(forms.Form):
    """One 1-10 field per criterion of the contest, and a note."""

    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        current = {s.criterion_id: s.score for s in review.scores.all()} if review else {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = AsciiIntegerField(
                label=_("%(name)s (weight %(weight)d)")
                % {"name": criterion.name, "weight": criterion.weight},
                min_value=1,
                max_value=10,
                initial=current.get(criterion.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 10}),
                error_messages={
                    "required": _("Give a score from 1 to 10."),
                    "min_value": _("Give a score from 1 to 10."),
                    "max_value": _("Give a score from 1 to 10."),
                    "invalid": _("Give a score from 1 to 10."),
                },
            )
        if review:
            self.fields["note"].initial = review.note
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    @property
    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


DATETIME_WIDGET = forms.DateTimeInput(
    format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric"}
)


class GalleryConfigForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        model = GalleryConfig
        formfield_callback = ascii_formfield
        fields = [
            "title",
            "rules",
            "submissions_open_at",
            "submissions_close_at",
            "voting_opens_at",
            "voting_closes_at",
            "max_entries_per_author",
            "max_poem_lines",
            "max_image_mb",
            "min_long_side",
            "vote_rule",
            "show_counts",
            "blend_jury_percent",
            "winners_per_ranking",
            "jurors_may_not_submit",
        ]
        widgets = {
            "submissions_open_at": DATETIME_WIDGET,
            "submissions_close_at": DATETIME_WIDGET,
            "voting_opens_at": DATETIME_WIDGET,
            "voting_closes_at": DATETIME_WIDGET,
            "rules": forms.Textarea(attrs={"rows": 4}),
            "vote_rule": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        pairs = [
            ("submissions_open_at", "submissions_close_at"),
            ("voting_opens_at", "voting_closes_at"),
        ]
        for start, end in pairs:
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] <= cleaned[start]:
                self.add_error(end, _("The closing time must be after the opening time."))
        rule_changed = "vote_rule" in self.changed_data and self.instance.pk
        if rule_changed and self.instance.entries.filter(votes__isnull=False).exists():
            self.add_error("vote_rule", _("The vote rule cannot change once votes have been cast."))
        return cleaned


CriterionFormSet = inlineformset_factory(
    GalleryConfig,
    Criterion,
    fields=["name", "weight", "position"],
    formfield_callback=ascii_formfield,
    extra=2,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
