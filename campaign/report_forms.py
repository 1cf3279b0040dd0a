"""The report's period: a quarter, six months, a year, or two dates typed as dd/mm/yyyy."""

from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .services.report import Period

DATE_FORMAT = "%d/%m/%Y"
MAX_DAYS = 3 * 366


class ReportPeriodForm(forms.Form):
    KINDS = [
        ("quarter", _("Quarter")),
        ("half", _("First six months")),
        ("year", _("Whole year")),
        ("custom", _("From one date to another")),
    ]
    QUARTERS = [
        (1, _("Quarter I")),
        (2, _("Quarter II")),
        (3, _("Quarter III")),
        (4, _("Quarter IV")),
    ]

    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, initial="quarter")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS, coerce=int, required=False
    )
    first = forms.CharField(
        label=_("From (dd/mm/yyyy)"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "01/01/2026", "inputmode": "numeric"}),
    )
    last = forms.CharField(
        label=_("To (dd/mm/yyyy)"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "31/03/2026", "inputmode": "numeric"}),
    )

    @staticmethod
    def _date(value: str, field_label) -> date:
        try:
            return datetime.strptime(value.strip(), DATE_FORMAT).date()
        except ValueError:
            raise forms.ValidationError(
                _("%(field)s: write the date as dd/mm/yyyy, e.g. 31/03/2026."),
                code="bad_date",
                params={"field": field_label},
            ) from None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        year = data.get("year") or timezone.localdate().year
        if kind == "quarter":
            quarter = data.get("quarter") or (timezone.localdate().month - 1) // 3 + 1
            first = date(year, 3 * quarter - 2, 1)
            last = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
            data["period"] = Period(first, last.fromordinal(last.toordinal() - 1))
            data["label"] = _("quarter %(q)s of %(year)d") % {
                "q": ["I", "II", "III", "IV"][quarter - 1],
                "year": year,
            }
        elif kind == "half":
            data["period"] = Period(date(year, 1, 1), date(year, 6, 30))
            data["label"] = _("the first six months of %(year)d") % {"year": year}
        elif kind == "year":
            data["period"] = Period(date(year, 1, 1), date(year, 12, 31))
            data["label"] = _("the year %(year)d") % {"year": year}
        elif kind == "custom":
            if not data.get("first") or not data.get("last"):
                raise forms.ValidationError(
                    _("Give both dates of the period, as dd/mm/yyyy."), code="missing_dates"
                )
            first = self._date(data["first"], self.fields["first"].label)
            last = self._date(data["last"], self.fields["last"].label)
            if last < first:
                raise forms.ValidationError(_("The period ends before it starts."), code="reversed")
            if (last - first).days >= MAX_DAYS:
                raise forms.ValidationError(
                    _("A report covers at most three years."), code="too_long"
                )
            data["period"] = Period(first, last)
            data["label"] = _("from %(first)s to %(last)s") % {
                "first": first.strftime(DATE_FORMAT),
                "last": last.strftime(DATE_FORMAT),
            }
        return data
