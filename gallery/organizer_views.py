"""Organizer pages of the gallery: settings, moderation, votes and voiding, rankings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.decorators import organizer_required
from contest.feedback import run_with_messages
from contest.models import Contest
from contest.numbers import parse_id, parse_int
from contest.xlsx import workbook_response

from . import selectors
from .exports import rankings_workbook
from .forms import CriterionFormSet, GalleryConfigForm
from .models import Entry, GalleryConfig, Vote, VoteEvent
from .services.jury import gallery_settings_save, results_publish
from .services.moderation import entry_approve, entry_hide, entry_reject
from .services.votes import vote_void, votes_void_cluster


def _gallery_or_setup(request):
    gallery = GalleryConfig.current()
    if gallery is None:
        messages.info(request, _("Set up the poster and poem competition first."))
    return gallery


@organizer_required
def dashboard_view(request):
    gallery = GalleryConfig.current()
    if gallery is None:
        return redirect("gallery:config-edit")
    counts = {
        status: Entry.objects.filter(gallery=gallery, status=status).count()
        for status in Entry.Status.values
    }
    return render(
        request,
        "gallery/organizer/dashboard.html",
        {
            "gallery": gallery,
            "counts": counts,
            "progress": selectors.jury_progress(gallery),
            "votes": Vote.objects.filter(entry__gallery=gallery).count(),
        },
    )


@organizer_required
def config_edit_view(request):
    contest = Contest.current()
    if contest is None:
        messages.error(request, _("Create a contest first (in the administration)."))
        return redirect("campaign:organizer-home")
    gallery = GalleryConfig.objects.filter(contest=contest).first() or GalleryConfig(
        contest=contest, title=_("Poster and poem competition")
    )
    form = GalleryConfigForm(request.POST or None, instance=gallery)
    formset = CriterionFormSet(request.POST or None, instance=gallery)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        gallery_settings_save(form=form, criteria_formset=formset, actor=request.user)
        messages.success(request, _("The competition's settings are saved."))
        return redirect("gallery:organizer")
    return render(
        request,
        "gallery/organizer/config_form.html",
        {"form": form, "formset": formset, "gallery": gallery},
    )


@organizer_required
def moderation_view(request):
    gallery = _gallery_or_setup(request)
    if gallery is None:
        return redirect("gallery:config-edit")
    status = request.GET.get("status", Entry.Status.PENDING)
    if status not in Entry.Status.values:
        status = Entry.Status.PENDING
    entries = (
        Entry.objects.filter(gallery=gallery, status=status)
        .select_related("author__participant")
        .order_by("created_at", "id")
    )
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "gallery/organizer/moderation.html",
        {
            "gallery": gallery,
            "page": page,
            "status": status,
            "statuses": Entry.Status.choices,
            "duplicates": selectors.duplicates(gallery),
        },
    )


@require_POST
@organizer_required
def moderate_view(request, pk):
    entry = get_object_or_404(Entry, pk=pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    actions = {
        "approve": (lambda: entry_approve(entry=entry, by=request.user), _("Approved.")),
        "reject": (
            lambda: entry_reject(entry=entry, by=request.user, reason=reason),
            _("Rejected; the author is told the reason by email."),
        ),
        "hide": (
            lambda: entry_hide(entry=entry, by=request.user, reason=reason),
            _("Hidden from the gallery; the author is told the reason by email."),
        ),
    }
    if action in actions:
        run_with_messages(request, *actions[action])
    status = request.POST.get("status")
    if status not in Entry.Status.values:
        status = Entry.Status.PENDING
    return redirect(reverse("gallery:moderation") + f"?status={status}")


@organizer_required
def votes_view(request):
    gallery = _gallery_or_setup(request)
    if gallery is None:
        return redirect("gallery:config-edit")
    minutes = parse_int(request.GET.get("minutes", "30"), minimum=1, maximum=24 * 60)
    accounts = parse_int(request.GET.get("accounts", "3"), minimum=2, maximum=1000)
    events = VoteEvent.objects.filter(entry__gallery=gallery).select_related(
        "voter", "actor", "entry"
    )
    return render(
        request,
        "gallery/organizer/votes.html",
        {
            "gallery": gallery,
            "tally": selectors.tally(gallery),
            "clusters": selectors.suspicious_clusters(
                gallery, minutes=minutes, min_accounts=accounts
            ),
            "minutes": minutes,
            "accounts": accounts,
            "events": Paginator(events, 50).get_page(request.GET.get("page")),
        },
    )


@organizer_required
def entry_votes_view(request, pk):
    entry = get_object_or_404(Entry, pk=pk)
    votes = entry.votes.select_related("voter", "voided_by").order_by("created_at")
    return render(
        request,
        "gallery/organizer/entry_votes.html",
        {"entry": entry, "votes": votes},
    )


@require_POST
@organizer_required
def vote_void_view(request, pk):
    vote = get_object_or_404(Vote, pk=pk)
    run_with_messages(
        request,
        lambda: vote_void(vote=vote, by=request.user, reason=request.POST.get("reason", "")),
        _("The vote is voided."),
    )
    return redirect("gallery:entry-votes", pk=vote.entry_id)


@require_POST
@organizer_required
def cluster_void_view(request):
    gallery = GalleryConfig.current()
    voter_ids = [parse_id(v) for v in request.POST.getlist("voter")]
    try:
        count = votes_void_cluster(
            gallery=gallery,
            ip_hash=request.POST.get("ip_hash", ""),
            voter_ids=voter_ids,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Votes voided in this group: %(count)d.") % {"count": count})
    return redirect("gallery:votes")


@organizer_required
def rankings_view(request):
    gallery = _gallery_or_setup(request)
    if gallery is None:
        return redirect("gallery:config-edit")
    return render(
        request,
        "gallery/organizer/rankings.html",
        {
            "gallery": gallery,
            "rankings": selectors.rankings(gallery),
            "progress": selectors.jury_progress(gallery),
        },
    )


@organizer_required
def rankings_export_view(request):
    gallery = _gallery_or_setup(request)
    if gallery is None:
        return redirect("gallery:config-edit")
    return workbook_response(rankings_workbook(gallery), f"xep-hang-thu-vien-{gallery.pk}.xlsx")


@require_POST
@organizer_required
def publish_view(request):
    gallery = GalleryConfig.current()
    run_with_messages(
        request,
        lambda: results_publish(gallery=gallery, actor=request.user),
        _("The results are published on the winners page."),
    )
    return redirect("gallery:rankings")
