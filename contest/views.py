from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from config.request_checks import RequestRefused

from .decorators import organizer_required
from .forms import AuditFilterForm, DataDeleteForm, ParticipantForm, UnitImportForm
from .health import health_status
from .models import AuditEntry, Contest, Unit
from .services.audit import actor_text, audit_workbook, changes_text
from .services.participants import participant_save
from .services.personal_data import (
    CONFIRM_PHRASE,
    deletion_refused_reason,
    export_filename,
    personal_data,
    personal_data_delete,
    personal_data_workbook,
)
from .services.units import units_import, units_template_workbook
from .xlsx import workbook_response


def bad_request_view(request, exception=None):
    """A 400 in the site's layout; bodies past Django's limits get 413 and say so.

    A refusal meant for the user (config.request_checks.RequestRefused: a number that
    could not be read, a NUL in the address) shows its message.
    """
    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    message = exception.message if isinstance(exception, RequestRefused) else ""
    return render(
        request,
        "400.html",
        {"too_big": too_big, "limit": limit, "message": message},
        status=413 if too_big else 400,
    )


def home_view(request):
    contest = Contest.current()
    rounds = contest.rounds.order_by("opens_at") if contest else []
    gallery = getattr(contest, "gallery", None)  # the poster and poem contest, if any
    return render(
        request,
        "contest/home.html",
        {"contest": contest, "rounds": rounds, "gallery": gallery, "now": timezone.now()},
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
    form = ParticipantForm(request.POST or None, instance=instance)
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
        {"form": form, "is_new": instance is None, "next": _safe_next(request) or ""},
    )


@organizer_required
def organizer_home_view(request):
    return render(
        request,
        "contest/organizer_home.html",
        {"contest": Contest.current(), "unit_count": Unit.objects.count()},
    )


@organizer_required
def unit_list_view(request):
    units = Unit.objects.order_by("name")
    return render(request, "contest/unit_list.html", {"units": units})


@organizer_required
def unit_import_view(request):
    form = UnitImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = units_import(data=form.cleaned_data["file"].read())
        if report.ok:
            messages.success(
                request,
                _("Imported %(rows)d rows: %(created)d new units, %(updated)d updated.")
                % {"rows": report.rows, "created": report.created, "updated": report.updated},
            )
            return redirect("contest:unit-list")
    return render(request, "contest/unit_import.html", {"form": form, "report": report})


@organizer_required
def unit_template_view(request):
    return workbook_response(units_template_workbook(), "mau-danh-sach-don-vi.xlsx")


# --- Personal data: the participant's own download and deletion --------------------
@login_required
def personal_data_view(request):
    return render(
        request,
        "contest/personal_data.html",
        {"refusal": deletion_refused_reason(request.user)},
    )


@require_safe
@never_cache
@login_required
def personal_data_json_view(request):
    response = JsonResponse(
        personal_data(user=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(request.user, "json")}"'
    )
    return response


@require_safe
@never_cache
@login_required
def personal_data_xlsx_view(request):
    book = personal_data_workbook(personal_data(user=request.user))
    response = workbook_response(book, export_filename(request.user, "xlsx"))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def personal_data_delete_view(request):
    refusal = deletion_refused_reason(request.user)
    form = DataDeleteForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            personal_data_delete(user=request.user, confirmation=form.cleaned_data["confirmation"])
        except ValidationError as exc:
            form.add_error("confirmation", exc)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your personal data has been deleted and your account closed. "
                    "Your results stay in the rankings under an anonymous name."
                ),
            )
            return redirect("home")
    return render(
        request,
        "contest/personal_data_delete.html",
        {"form": form, "phrase": CONFIRM_PHRASE, "refusal": refusal},
    )


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
