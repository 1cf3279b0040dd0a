"""Short links (/b/<code>), and the organizers' pages for banners, print files and analytics."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from contest.decorators import organizer_required
from contest.devices import normalize_code
from contest.models import AuditEntry, Contest
from contest.numbers import parse_id, parse_int
from contest.qr import qr_svg
from contest.ratelimit import client_ip, rate_limited
from contest.roles import is_organizer
from contest.services.audit import form_fields
from contest.views import ImportPage, import_view
from contest.xlsx import workbook_response
from gallery.images import private_storage

from .charts import columns_svg
from .exports import banner_report_workbook
from .forms import BannerCheckForm, BannerForm
from .models import Banner, BannerCheck, banner_target_words
from .printables import (
    PAGE_SIZES,
    banner_png,
    banner_svg,
    poster_filename,
    poster_pdf,
    posters_zip,
    printed_link,
    short_url,
)
from .selectors import (
    CHECK_FILTERS,
    banner_report,
    can_check,
    check_history,
    filter_by_check,
    period_start,
    scans_per_day,
)
from .services.banners import (
    SCAN_COOKIE,
    SCAN_COOKIE_MAX_AGE,
    banner_save,
    read_visitor,
    scan_record,
)
from .services.checks import PHOTO_SIZES, banner_check_record
from .services.imports import banners_import, banners_template_workbook

PERIODS = (7, 30, 90, 365)
# Unknown codes recorded per address and minute: enough for an office, not for a flood.
ORPHANS_PER_MINUTE = 60


@require_safe
def banner_redirect_view(request, code):
    """The QR-burst hot path: one read, one insert, a 302 (not 301: repeat scans count)."""
    typed = normalize_code(code)
    banner = (
        Banner.objects.only("id", "code", "is_active", "target", "round_id", "path", "unit_id")
        .filter(code=typed)
        .first()
    )
    if banner is not None and can_check(request.user, banner):
        # Staff in the field: the check-in page, and no scan recorded (not a public scan).
        return _checkin_page(request, banner.pk, BannerCheckForm())
    if banner is None:
        limited = rate_limited(f"orphan:{client_ip(request)}", limit=ORPHANS_PER_MINUTE, period=60)
    else:
        limited = _scan_throttled(request, banner)
    visitor = None
    if not limited:
        visitor = scan_record(
            code=typed or code[:32],
            banner=banner,
            user_agent=request.headers.get("user-agent", ""),
            cookie=request.COOKIES.get(SCAN_COOKIE),
        )
    if banner is not None and banner.is_active:
        response = HttpResponseRedirect(banner.target_url())
    else:
        response = render(
            request,
            "banners/unknown.html",
            {"contest": Contest.current(), "banner": banner, "code": typed},
            status=404 if banner is None else 410,
        )
    if visitor is not None:
        response.set_cookie(
            SCAN_COOKIE,
            visitor.cookie_value(),
            max_age=SCAN_COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    add_never_cache_headers(response)  # caches between phone and site must not eat scans
    return response


def _scan_throttled(request, banner) -> bool:
    """Whether this scan is past a client's limit for the banner: then it is not recorded.

    The visitor is redirected all the same (a scan never fails). Per browser (its cookie)
    and per address: phones on one carrier share addresses, so that limit is generous.
    Both counters live in the cache only; no address reaches the database.
    """
    visitor = read_visitor(request.COOKIES.get(SCAN_COOKIE))
    per_visitor, per_ip = settings.BANNER_SCAN_RATE["visitor"], settings.BANNER_SCAN_RATE["ip"]
    throttled = rate_limited(
        f"scan:{banner.pk}:ip:{client_ip(request)}", limit=per_ip[0], period=per_ip[1]
    )
    if visitor is not None:
        throttled = bool(
            rate_limited(
                f"scan:{banner.pk}:v:{visitor.id}", limit=per_visitor[0], period=per_visitor[1]
            )
            or throttled
        )
    return bool(throttled)


# --- Organizers ---------------------------------------------------------------
def _period(request) -> int:
    if "days" not in request.GET:
        return 30
    days = parse_int(request.GET["days"], minimum=1, maximum=max(PERIODS))
    return days if days in PERIODS else 30


def _check_filter(request) -> tuple[str, int]:
    show = request.GET.get("show", "")
    stale_days = parse_int(request.GET.get("stale_days") or "30", minimum=1, maximum=3650)
    return (show if show in CHECK_FILTERS else ""), stale_days


@organizer_required
def banner_list_view(request):
    days = _period(request)
    report = banner_report(days=days)
    show, stale_days = _check_filter(request)
    return render(
        request,
        "banners/banner_list.html",
        {
            "report": report,
            "rows": filter_by_check(report.rows, show=show, days=stale_days),
            "show": show,
            "stale_days": stale_days,
            "days": days,
            "periods": PERIODS,
            "chart": columns_svg(_chart_points(report.days)),
            "sizes": PAGE_SIZES,
        },
    )


def _chart_points(days):
    return [
        (
            day.strftime("%d/%m"),
            scans,
            _("%(day)s: %(scans)d scans, %(unique)d browsers")
            % {"day": day.strftime("%d/%m/%Y"), "scans": scans, "unique": unique},
        )
        for day, scans, unique in days
    ]


@organizer_required
def banner_edit_view(request, pk=None):
    banner = get_object_or_404(Banner, pk=pk) if pk is not None else Banner()
    form = BannerForm(request.POST or None, instance=banner)
    if request.method == "POST" and form.is_valid():
        try:
            banner = banner_save(banner=form.instance, fields=form_fields(form), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The banner has been saved."))
            return redirect("banners:banner-detail", pk=banner.pk)
    return render(request, "banners/banner_form.html", {"form": form, "banner": banner})


@organizer_required
def banner_detail_view(request, pk):
    banner = get_object_or_404(Banner.objects.select_related("unit", "round"), pk=pk)
    days = _period(request)
    context = {
        "banner": banner,
        "days": days,
        "periods": PERIODS,
        "stats": banner_report(days=days, banners=[banner]).rows[0],
        "sizes": PAGE_SIZES,
        "has_logo": bool(settings.BANNER_LOGO_PATH),
        "target_words": banner_target_words(banner),
        "checks": check_history(banner)[:50],
        "repoints": AuditEntry.objects.filter(
            action=AuditEntry.Action.BANNER_REPOINT,
            target_type=Banner._meta.label_lower,
            target_id=banner.pk,
        ).order_by("-at")[:20],
    }
    context["chart"] = columns_svg(
        _chart_points(scans_per_day(since=period_start(days), banner=banner))
    )
    try:
        url = short_url(banner)
    except ValidationError as exc:
        context["print_error"] = " ".join(exc.messages)
    else:
        context["short_url"] = url
        context["printed_link"] = printed_link(url)
        context["qr"] = qr_svg(url)
    return render(request, "banners/banner_detail.html", context)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _with_logo(request) -> bool:
    return request.GET.get("logo") != "0"


def _refused(request, exc: ValidationError, pk=None):
    messages.error(request, " ".join(exc.messages))
    return redirect("banners:banner-detail", pk=pk) if pk else redirect("banners:banner-list")


@organizer_required
def banner_png_view(request, pk):
    banner = get_object_or_404(Banner, pk=pk)
    try:
        png = banner_png(banner, with_logo=_with_logo(request))
    except ValidationError as exc:
        return _refused(request, exc, pk)
    return _download(png, "image/png", f"qr-{banner.code}.png")


@organizer_required
def banner_svg_view(request, pk):
    banner = get_object_or_404(Banner, pk=pk)
    try:
        svg = banner_svg(banner, with_logo=_with_logo(request))
    except ValidationError as exc:
        return _refused(request, exc, pk)
    return _download(svg, "image/svg+xml", f"qr-{banner.code}.svg")


@organizer_required
def banner_poster_view(request, pk, size):
    banner = get_object_or_404(Banner, pk=pk)
    if size not in PAGE_SIZES:
        return redirect("banners:banner-detail", pk=pk)
    try:
        pdf = poster_pdf(banner, size=size, with_logo=_with_logo(request))
    except ValidationError as exc:
        return _refused(request, exc, pk)
    return _download(pdf, "application/pdf", poster_filename(banner, size))


@organizer_required
def banner_posters_zip_view(request):
    size = request.GET.get("size", "a4")
    if request.GET.get("all"):
        banners = Banner.objects.filter(is_active=True).order_by("name")
    else:
        ids = [parse_id(i) for i in request.GET.getlist("banner")]
        banners = Banner.objects.filter(pk__in=ids).order_by("name")
    try:
        data = posters_zip(banners, size=size if size in PAGE_SIZES else "a4")
    except ValidationError as exc:
        return _refused(request, exc)
    return _download(data, "application/zip", f"ap-phich-{size}.zip")


banner_import_view = import_view(
    ImportPage(
        title=gettext_lazy("Import banners"),
        intro=(
            gettext_lazy(
                "One place per row. Columns: name and place (required), unit (as in the list "
                "of units), commune or ward, target (đợt thi, bảng xếp hạng, thư viện, trang "
                "chủ, or a page address starting with /), round (its title or number), active "
                "(có/không)."
            ),
            gettext_lazy(
                "A banner whose name is already in the list is updated and keeps its code; "
                "every new one gets a new code. The whole file is imported, or nothing if any "
                "row has a problem."
            ),
        ),
        columns_help=gettext_lazy(
            "Columns: name and place, unit, commune, target, round, active. "
            "The first row holds the column names."
        ),
        run=banners_import,
        imported=gettext_lazy(
            "Imported %(rows)d rows: %(created)d new banners, %(updated)d updated."
        ),
        done="banners:banner-list",
        sheet="banners:banner-template",
        back="banners:banner-list",
        back_label=gettext_lazy("Banners and QR codes"),
    )
)


@organizer_required
def banner_template_view(request):
    return workbook_response(banners_template_workbook(), "mau-danh-sach-bang-ron.xlsx")


@organizer_required
def banner_export_view(request):
    days = _period(request)
    return workbook_response(
        banner_report_workbook(banner_report(days=days)), f"thong-ke-bang-ron-{days}-ngay.xlsx"
    )


# --- Checks in the field -----------------------------------------------------------
def _checkin_page(request, pk: int, form, status: int = 200):
    banner = get_object_or_404(Banner.objects.select_related("unit", "round"), pk=pk)
    response = render(
        request,
        "banners/banner_check.html",
        {
            "banner": banner,
            "form": form,
            "target_words": banner_target_words(banner),
            "last_check": check_history(banner).first(),
            "is_organizer": is_organizer(request.user),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def banner_check_view(request, pk):
    """The check-in form (also what /b/<code> shows to staff); a contact checks their units'."""
    banner = get_object_or_404(Banner.objects.only("id", "unit_id"), pk=pk)
    if not can_check(request.user, banner):
        raise PermissionDenied
    form = BannerCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        latitude, longitude, accuracy = form.position()
        try:
            check = banner_check_record(
                banner=Banner.objects.get(pk=pk),
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                photo=form.processed,
                latitude=latitude,
                longitude=longitude,
                accuracy_m=accuracy,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Saved: %(state)s. Thank you for checking this banner.")
                % {"state": check.get_state_display()},
            )
            return redirect("banners:banner-check", pk=pk)
    return _checkin_page(request, pk, form, status=200)


@login_required
@require_safe
def banner_check_photo_view(request, pk, size):
    """A check's photo (cleaned of its metadata), for those who may check that banner."""
    check = get_object_or_404(BannerCheck.objects.select_related("banner"), pk=pk)
    if not can_check(request.user, check.banner):
        raise PermissionDenied
    if size not in PHOTO_SIZES or not check.photo_key:
        raise Http404
    try:
        handle = private_storage().open(check.photo_name(size), "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/webp")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
