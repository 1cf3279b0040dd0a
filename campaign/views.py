"""Pages of the campaign as a whole: the home page, the organizers' desk, and a
participant's personal data across every app (download and deletion)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from banners.printables import public_base_url
from contest.decorators import organizer_required
from contest.models import Contest, Participant, Unit
from contest.numbers import parse_id
from contest.ratelimit import rate_limit
from contest.roles import is_organizer
from contest.xlsx import workbook_response
from gallery.models import GalleryConfig
from quizzes.models import Round

from .certificate_pdf import certificate_filename, certificate_pdf, certificates_zip, preview_pdf
from .forms import (
    CertificateIssueForm,
    CertificateNotifyForm,
    CertificateRevokeForm,
    CertificateTemplateForm,
    DataDeleteForm,
)
from .models import PLACEHOLDERS, Certificate
from .services.certificates import (
    certificate_revoke,
    certificates_issue_gallery,
    certificates_issue_round,
    certificates_notify,
    template_for,
    template_save,
)
from .services.personal_data import (
    CONFIRM_PHRASE,
    deletion_refused_reason,
    export_filename,
    personal_data,
    personal_data_delete,
    personal_data_workbook,
)

MAX_CODE_LENGTH = 64
CERTIFICATES_PER_PAGE = 100


def home_view(request):
    # The gallery (the poster and poem contest, if any) in the contest's query, the unit in
    # the participant's: one query each.
    contest = Contest.objects.active().select_related("gallery").first()
    rounds = contest.rounds.order_by("opens_at") if contest else []
    gallery = getattr(contest, "gallery", None)
    participant = None
    if request.user.is_authenticated:
        participant = (
            Participant.objects.select_related("unit").filter(user_id=request.user.pk).first()
        )
    return render(
        request,
        "campaign/home.html",
        {
            "contest": contest,
            "rounds": rounds,
            "gallery": gallery,
            "participant": participant,
            "now": timezone.now(),
        },
    )


@organizer_required
def organizer_home_view(request):
    return render(
        request,
        "campaign/organizer_home.html",
        {"contest": Contest.current(), "unit_count": Unit.objects.count()},
    )


# --- Personal data: the participant's own download and deletion --------------------
@login_required
def personal_data_view(request):
    return render(
        request,
        "campaign/personal_data.html",
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
        "campaign/personal_data_delete.html",
        {"form": form, "phrase": CONFIRM_PHRASE, "refusal": refusal},
    )


# --- Certificates: the public check, the holder's page, the organizers' desk -----------
def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@rate_limit(
    "certificate-verify", setting="CERTIFICATE_VERIFY_RATE", scope="ip", methods=("GET", "HEAD")
)
def certificate_verify_view(request, code):
    """What anyone holding the paper may know: name as printed, prize, date, serial, state."""
    certificate = None
    if len(code) <= MAX_CODE_LENGTH:
        certificate = (
            Certificate.objects.select_related("round", "gallery", "contest")
            .filter(code=code)
            .first()
        )
    if certificate is None:
        response = render(request, "campaign/certificate_unknown.html", status=404)
    else:
        response = render(request, "campaign/certificate_verify.html", {"certificate": certificate})
    response["Cache-Control"] = "private, no-cache"
    return _noindex(response)


def _may_download(user, certificate) -> bool:
    if is_organizer(user):
        return True
    return certificate.participant_id is not None and certificate.participant.user_id == user.pk


@require_safe
@never_cache
@login_required
def certificate_pdf_view(request, code):
    """The holder's own PDF, or any for organizers; to anyone else it does not exist."""
    certificate = (
        Certificate.objects.select_related("participant", "round", "gallery", "contest")
        .filter(code=code[:MAX_CODE_LENGTH])
        .first()
    )
    if certificate is None or not _may_download(request.user, certificate):
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    return _noindex(response)


@login_required
def my_certificates_view(request):
    certificates = (
        Certificate.objects.of_user(request.user)
        .select_related("round", "gallery")
        .order_by("-issued_on", "-number")
    )
    return render(request, "campaign/my_certificates.html", {"certificates": certificates})


def _sources(contest) -> list[tuple[str, str]]:
    """The published rounds and gallery of the contest, as the forms' choices."""
    if contest is None:
        return []
    choices = [
        (f"round-{round.pk}", round.title)
        for round in contest.rounds.filter(published_at__isnull=False).order_by("opens_at")
    ]
    gallery = GalleryConfig.objects.filter(contest=contest, results_published_at__isnull=False)
    choices += [(f"gallery-{g.pk}", g.title) for g in gallery]
    return choices


def _source(contest, value: str):
    """The round or gallery a "round-<id>" / "gallery-<id>" value names, or None."""
    kind, _sep, pk = (value or "").partition("-")
    if contest is None or kind not in {"round", "gallery"} or not pk.isascii():
        return None
    try:
        pk = parse_id(pk)
    except ValueError:
        return None
    if kind == "round":
        return Round.objects.select_related("contest").filter(contest=contest, pk=pk).first()
    return GalleryConfig.objects.select_related("contest").filter(contest=contest, pk=pk).first()


def _of_source(certificates, source):
    if isinstance(source, Round):
        return certificates.filter(round=source)
    return certificates.filter(gallery=source)


def _current_contest_or_404():
    contest = Contest.current()
    if contest is None:
        raise Http404
    return contest


@organizer_required
def certificate_list_view(request):
    contest = _current_contest_or_404()
    sources = _sources(contest)
    source = _source(contest, request.GET.get("source", ""))
    certificates = Certificate.objects.filter(contest=contest).select_related(
        "round", "gallery", "participant"
    )
    if source is not None:
        certificates = _of_source(certificates, source)
    page = Paginator(certificates.order_by("-number"), CERTIFICATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = template_for(contest)
    context = {
        "contest": contest,
        "template": template,
        "page": page,
        "source": source,
        "source_value": request.GET.get("source", "") if source is not None else "",
        "sources": sources,
        "issue_form": CertificateIssueForm(sources=sources),
        "notify_form": CertificateNotifyForm(
            sources=sources, initial={"source": request.GET.get("source"), "channel": "email"}
        ),
    }
    try:
        public_base_url()
    except ValidationError as exc:
        context["address_warning"] = " ".join(exc.messages)
    return render(request, "campaign/certificate_list.html", context)


@organizer_required
def certificate_template_view(request):
    contest = _current_contest_or_404()
    template = template_for(contest)
    form = CertificateTemplateForm(request.POST or None, request.FILES or None, instance=template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            # The wording as typed, with the stored images (or the ones just chosen).
            response = HttpResponse(
                preview_pdf(
                    form.instance,
                    signature=data["signature"].master if data["signature"] else None,
                    logo=data["logo"].master if data["logo"] else None,
                ),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = 'inline; filename="xem-thu-giay-chung-nhan.pdf"'
            return response
        try:
            template_save(
                template=form.instance,
                signature=data["signature"],
                logo=data["logo"],
                clear_signature=data["clear_signature"],
                clear_logo=data["clear_logo"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The certificate template has been saved."))
            return redirect("campaign:certificate-template")
    return render(
        request,
        "campaign/certificate_template.html",
        {"form": form, "template": template, "placeholders": PLACEHOLDERS},
    )


@require_safe
@organizer_required
def certificate_preview_view(request):
    template = template_for(_current_contest_or_404())
    response = HttpResponse(preview_pdf(template), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="xem-thu-giay-chung-nhan.pdf"'
    return response


@require_POST
@organizer_required
def certificate_issue_view(request):
    contest = _current_contest_or_404()
    sources = _sources(contest)
    form = CertificateIssueForm(request.POST, sources=sources)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("campaign:certificate-list")
    source = _source(contest, form.cleaned_data["source"])
    min_score = form.cleaned_data["min_score"] if form.cleaned_data["participation"] else None
    try:
        if isinstance(source, Round):
            issued = certificates_issue_round(
                round=source, actor=request.user, participation_min_score=min_score
            )
        else:
            issued = certificates_issue_gallery(gallery=source, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(created)d certificates issued; %(existing)d had been issued before.")
            % {"created": issued.created, "existing": issued.existing},
        )
    return redirect(f"{reverse('campaign:certificate-list')}?source={form.cleaned_data['source']}")


@organizer_required
def certificate_revoke_view(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.select_related("round", "gallery"), pk=pk, revoked_at__isnull=True
    )
    form = CertificateRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            messages.success(
                request,
                _("Certificate %(serial)s is revoked.") % {"serial": certificate.serial},
            )
            return redirect("campaign:certificate-list")
    return render(
        request,
        "campaign/certificate_revoke.html",
        {"form": form, "certificate": certificate},
    )


@require_safe
@organizer_required
def certificate_zip_view(request):
    contest = _current_contest_or_404()
    source = _source(contest, request.GET.get("source", ""))
    if source is None:
        messages.error(request, _("Choose a round or the gallery."))
        return redirect("campaign:certificate-list")
    certificates = list(
        _of_source(Certificate.objects.filter(contest=contest), source)
        .select_related("round", "gallery", "contest")
        .order_by("number")
    )
    if not certificates:
        messages.error(request, _("No certificate has been issued for it yet."))
        return redirect("campaign:certificate-list")
    data = certificates_zip(certificates, template_for(contest))
    response = HttpResponse(data, content_type="application/zip")
    name = slugify(source.title)[:40].strip("-") or "giay-chung-nhan"
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-{name}.zip"'
    return response


@require_POST
@organizer_required
def certificate_notify_view(request):
    contest = _current_contest_or_404()
    form = CertificateNotifyForm(request.POST, sources=_sources(contest))
    if not form.is_valid():
        messages.error(request, _("Choose the certificates and how to send the notice."))
        return redirect("campaign:certificate-list")
    source = _source(contest, form.cleaned_data["source"])
    certificates = _of_source(Certificate.objects.filter(contest=contest), source)
    result = certificates_notify(
        certificates=list(certificates), channel=form.cleaned_data["channel"], actor=request.user
    )
    messages.success(
        request,
        _("Notices sent: %(sent)d; without an address: %(skipped)d; failed: %(failed)d.")
        % {"sent": result.sent, "skipped": result.skipped, "failed": result.failed},
    )
    return redirect(f"{reverse('campaign:certificate-list')}?source={form.cleaned_data['source']}")
