from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .decorators import organizer_required
from .forms import ParticipantForm, UnitImportForm
from .health import health_status
from .models import Contest, Unit
from .services.participants import participant_save
from .services.units import units_import, units_template_workbook
from .xlsx import workbook_response


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
