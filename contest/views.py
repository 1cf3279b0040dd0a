from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.json_errors import bad_request_json, wants_json
from config.request_checks import RequestRefused

from .decorators import organizer_required
from .forms import AuditFilterForm, ParticipantForm, TableImportForm
from .health import health_status
from .models import AuditEntry, Contest, Unit
from .services.audit import actor_text, audit_workbook, changes_text
from .services.participants import participant_save
from .services.tabular import ImportReport
from .services.units import units_import, units_template_workbook
from .xlsx import workbook_response


def bad_request_view(request, exception=None):
    """A 400 in the site's layout; bodies past Django's limits get 413 and say so.

    A refusal meant for the user (config.request_checks.RequestRefused: a number that
    could not be read, a NUL in the address) shows its message.
    """
    if wants_json(request):  # a script's request (config/json_errors.py)
        return bad_request_json(request, exception)
    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    message = exception.message if isinstance(exception, RequestRefused) else ""
    return render(
        request,
        "400.html",
        {"too_big": too_big, "limit": limit, "message": message},
        status=413 if too_big else 400,
    )


@require_GET
@never_cache
def healthz_view(request):
    status = health_status()
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503
    )


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def profile_edit_view(request):
    instance = getattr(request.user, "participant", None)
    contest = Contest.current()
    form = ParticipantForm(request.POST or None, instance=instance, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            participant_save(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect(_safe_next(request) or "home")
    return render(
        request,
        "contest/participant_form.html",
        {
            "form": form,
            "is_new": instance is None,
            "next": _safe_next(request) or "",
            "profile": instance,
            # Before a prize is confirmed (Contest.prize_missing): "phone", "cccd".
            "prize_missing": contest.prize_missing(instance) if contest and instance else [],
        },
    )


@organizer_required
def unit_list_view(request):
    units = Unit.objects.order_by("name")
    return render(request, "contest/unit_list.html", {"units": units})


# --- Imports: one upload page for every list (units here, banners in banners/) --------
@dataclass(frozen=True)
class ImportPage:
    """What an import page says and does; `import_view(page)` is the page."""

    title: str
    intro: tuple[str, ...]
    columns_help: str  # under the file field: the columns the file has
    run: Callable[..., ImportReport]  # run(data=bytes, actor=user) -> ImportReport
    imported: str  # the message after a good import: %(rows)d, %(created)d, %(updated)d
    done: str  # URL name of the page shown after a good import
    sheet: str  # URL name of the template (.xlsx) download
    back: str = ""  # URL name of the page above, if any
    back_label: str = ""


def import_view(page: ImportPage):
    """The organizers' upload page for `page`: all rows imported, or a report of each one's
    problem and nothing imported."""

    @organizer_required
    def view(request):
        form = TableImportForm(
            request.POST or None, request.FILES or None, help_text=page.columns_help
        )
        report = None
        if request.method == "POST" and form.is_valid():
            report = page.run(data=form.cleaned_data["file"].read(), actor=request.user)
            if report.ok:
                messages.success(
                    request,
                    str(page.imported)
                    % {"rows": report.rows, "created": report.created, "updated": report.updated},
                )
                return redirect(page.done)
        return render(
            request,
            "contest/table_import.html",
            {
                "page": page,
                "form": form,
                "report": report,
                "sheet_url": reverse(page.sheet),
                "back_url": reverse(page.back) if page.back else "",
            },
        )

    return view


unit_import_view = import_view(
    ImportPage(
        title=gettext_lazy("Import units"),
        intro=(
            gettext_lazy(
                "One unit per row, with the columns name, kind and headcount. A unit already "
                "in the list is updated; the whole file is imported, or nothing if any row has "
                "a problem."
            ),
        ),
        columns_help=gettext_lazy(
            "Columns: name, kind, headcount. The first row holds the column names."
        ),
        run=lambda *, data, actor: units_import(data=data),
        imported=gettext_lazy(
            "Imported %(rows)d rows: %(created)d new units, %(updated)d updated."
        ),
        done="contest:unit-list",
        sheet="contest:unit-template",
    )
)


@organizer_required
def unit_template_view(request):
    return workbook_response(units_template_workbook(), "mau-danh-sach-don-vi.xlsx")


# --- Audit log ----------------------------------------------------------------------
AUDIT_PAGE_SIZE = 50


def _audit_entries(request):
    form = AuditFilterForm(request.GET or None)
    return form, AuditEntry.objects.matching(**form.filters())


@organizer_required
def audit_log_view(request):
    form, entries = _audit_entries(request)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, actor_text(entry), changes_text(entry)) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contest/audit_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@organizer_required
def audit_export_view(request):
    _form, entries = _audit_entries(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return workbook_response(audit_workbook(entries), f"nhat-ky-ban-to-chuc-{stamp}.xlsx")
