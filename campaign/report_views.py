"""The report to the People's Committee: the period form, the report on screen, PDF, .xlsx."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from contest.decorators import organizer_required
from contest.xlsx import workbook_response

from .report_forms import ReportPeriodForm
from .report_pdf import report_pdf
from .report_xlsx import banner_names, gallery_names, ranking_name, report_workbook, total_names
from .services.report import campaign_report


def _period_form(request) -> ReportPeriodForm:
    # No choice yet: the current quarter, as the form's initial values say.
    return ReportPeriodForm(request.GET if "kind" in request.GET else {"kind": "quarter"})


def screen_rows(report) -> dict:
    """The (name, Pair) rows of the comparison tables, as the page lists them."""
    rows = {
        "totals_rows": [(name, report.totals[key]) for key, name in total_names().items()],
        "banner_rows": [(name, report.banner_totals[key]) for key, name in banner_names().items()],
        "gallery_rows": [],
        "gallery_winners": [],
    }
    if report.gallery is not None:
        figures = report.gallery["figures"]
        rows["gallery_rows"] = [(name, figures[key]) for key, name in gallery_names().items()]
        rows["gallery_winners"] = [
            {**w, "ranking_name": ranking_name(w["ranking"])} for w in report.gallery["winners"]
        ]
    return rows


def _filename(report, ext: str) -> str:
    period = report.period
    return f"bao-cao-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{ext}"


@never_cache
@require_safe
@organizer_required
def report_view(request):
    form = _period_form(request)
    context = {"form": form, "report": None}
    if form.is_valid():
        report = campaign_report(period=form.cleaned_data["period"])
        context.update(
            report=report,
            label=form.cleaned_data["label"],
            query=urlencode({k: v for k, v in form.data.items() if k in form.fields}),
            **screen_rows(report),
        )
    return render(
        request,
        "campaign/report.html",
        context,
        status=200 if context["report"] is not None else 400,
    )


@never_cache
@require_safe
@organizer_required
def report_pdf_view(request):
    form = _period_form(request)
    if not form.is_valid():
        return report_view(request)
    report = campaign_report(period=form.cleaned_data["period"])
    response = HttpResponse(
        report_pdf(report, label=form.cleaned_data["label"]), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return response


@never_cache
@require_safe
@organizer_required
def report_xlsx_view(request):
    form = _period_form(request)
    if not form.is_valid():
        return report_view(request)
    report = campaign_report(period=form.cleaned_data["period"])
    book = report_workbook(report, label=form.cleaned_data["label"])
    return workbook_response(book, _filename(report, "xlsx"))
