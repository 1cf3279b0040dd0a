"""Public gallery, entry pages, voting, the images, and authors' own entries."""

import re
import secrets
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from contest.decorators import profile_required
from contest.feedback import run_with_messages
from contest.numbers import BadNumber, parse_int
from contest.qr import absolute_url, qr_svg_cached
from contest.ratelimit import client_ip, rate_limit
from contest.roles import is_juror, is_organizer

from . import images, selectors
from .forms import FORMS
from .models import Entry, GalleryConfig
from .services.entries import (
    entry_submit,
    entry_submit_precheck,
    entry_update,
    entry_update_precheck,
    entry_withdraw,
)
from .services.votes import ALREADY_VOTED, phone_check_needed, vote_cast, vote_withdraw

PAGE_SIZE = 24
RENDITION_NAME = re.compile(r"^([0-9a-f]{32})-\d{2,5}\.webp$")
KIND_SLUGS = {"tranh": Entry.Kind.POSTER, "tho": Entry.Kind.POEM}
VOTES_TOO_FAST = gettext_lazy("Too many votes in a short time. Try again in %(seconds)d s.")


SEED_COOKIE = "gallery_order"


def _shuffle_seed(request) -> int:
    """Each visitor's own random order, kept in a cookie (no session row per visitor)."""
    try:
        return parse_int(request.COOKIES.get(SEED_COOKIE), minimum=1, maximum=2**31 - 1)
    except BadNumber:
        # Not the visitor's input: a 400 would stay until the cookie expires. A new order
        # replaces it (the page sets the cookie again).
        return secrets.randbelow(2**31 - 1) + 1


def index_view(request):
    gallery = GalleryConfig.current()
    if gallery is None:
        return render(request, "gallery/gallery_empty.html")
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "random")
    if sort not in selectors.SORTS or (sort == "votes" and not gallery.show_counts):
        sort = "random"
    seed = _shuffle_seed(request)
    entries = selectors.public_entries(gallery, kind=kind, sort=sort, seed=seed)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(
        request,
        "gallery/gallery_index.html",
        {
            "gallery": gallery,
            "page": page,
            "kind": kind if kind in Entry.Kind.values else "",
            "sort": sort,
            "voted": selectors.voted_entry_ids(gallery, request.user),
            "submit_barred": gallery.bars_from_submitting(request.user),
        },
    )
    response.set_cookie(SEED_COOKIE, str(seed), max_age=30 * 24 * 3600, samesite="Lax")
    return response


def _visible_entry(request, pk) -> Entry:
    """Approved entries for everyone; others only for their author and the organizers."""
    entry = get_object_or_404(Entry.objects.select_related("gallery"), pk=pk)
    if entry.status == Entry.Status.APPROVED:
        return entry
    user = request.user
    if user.is_authenticated and (entry.author_id == user.pk or is_organizer(user)):
        return entry
    raise Http404


def entry_detail_view(request, pk):
    entry = _visible_entry(request, pk)
    gallery = entry.gallery
    url = absolute_url(reverse("gallery:entry-detail", args=[entry.pk]))
    return render(
        request,
        "gallery/entry_detail.html",
        {
            "entry": entry,
            "gallery": gallery,
            "share_url": url,
            "share_qr": qr_svg_cached(url),
            "voted": entry.pk in selectors.voted_entry_ids(gallery, request.user),
            "voided": selectors.voided_vote(entry, request.user),
            "count": selectors.counted_votes(entry) if gallery.show_counts else None,
        },
    )


def _is_fetch(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _vote_reply(request, entry, *, ok: bool, message: str):
    """JSON with the voter's state as stored now for fetch(); otherwise back to the entry."""
    if _is_fetch(request):
        gallery = entry.gallery
        return JsonResponse(
            {
                "ok": ok,
                "message": message,
                "voted": entry.pk in selectors.voted_entry_ids(gallery, request.user),
                "count": selectors.counted_votes(entry) if gallery.show_counts else None,
            }
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect("gallery:entry-detail", pk=entry.pk)


@require_POST
@rate_limit("vote", setting="GALLERY_VOTE_RATE", message=VOTES_TOO_FAST)
def vote_view(request, pk):
    """Cast or withdraw a vote: a plain form post, or a fetch() answered with JSON."""
    entry = get_object_or_404(Entry.objects.select_related("gallery__contest"), pk=pk)
    if not request.user.is_authenticated:
        login = reverse("account_login") + "?next=" + reverse("gallery:entry-detail", args=[pk])
        if _is_fetch(request):
            message = _("Sign in to vote.")
            return JsonResponse({"ok": False, "message": message, "login": login}, status=403)
        return redirect(login)
    withdraw = request.POST.get("action") == "withdraw"
    if not withdraw and phone_check_needed(voter=request.user, entry=entry):
        # The contest asks for a verified phone first: the code page, then back here.
        message = _("Verify your phone number before voting: we will send you a code.")
        verify = (
            reverse("accounts:phone-verify") + "?next=" + reverse("gallery:entry-detail", args=[pk])
        )
        if _is_fetch(request):
            return JsonResponse({"ok": False, "message": message, "login": verify}, status=403)
        messages.info(request, message)
        return redirect(verify)
    audit = {"ip": client_ip(request), "user_agent": request.headers.get("User-Agent", "")}
    try:
        if withdraw:
            vote_withdraw(voter=request.user, entry=entry, **audit)
            message = _("Your vote is withdrawn.")
        else:
            vote_cast(voter=request.user, entry=entry, **audit)
            message = _("Thank you, your vote is counted.")
    except ValidationError as exc:
        # "Already voted" (a double click, or a race lost to the other request) is no error.
        ok = exc.code == ALREADY_VOTED
        return _vote_reply(request, entry, ok=ok, message=" ".join(exc.messages))
    return _vote_reply(request, entry, ok=True, message=message)


@require_GET
def image_view(request, name):
    """A rendition (thumbnail or display size) of a poster anyone may see."""
    match = RENDITION_NAME.match(name)
    if not match:
        raise Http404
    entry = Entry.objects.filter(image_key=match.group(1)).first()
    if entry is None or not any(r["name"] == name for r in entry.renditions):
        raise Http404
    if entry.status != Entry.Status.APPROVED:
        _visible_entry(request, entry.pk)
    try:
        handle = default_storage.open(f"{images.RENDITION_DIR}/{name}", "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/webp")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable"
        if entry.status == Entry.Status.APPROVED
        else "private, no-store"
    )
    return response


@require_GET
@login_required
def original_view(request, pk):
    """The full-size poster for jurors and organizers; the cleaned original for organizers."""
    user = request.user
    if not (is_organizer(user) or is_juror(user)):
        raise PermissionDenied
    entry = get_object_or_404(Entry, pk=pk, kind=Entry.Kind.POSTER)
    # Jurors judge approved entries only: pending, rejected or hidden ones are not theirs to see.
    if entry.status != Entry.Status.APPROVED and not is_organizer(user):
        raise Http404
    as_uploaded = request.GET.get("as") == "uploaded" and is_organizer(user)
    name = entry.original_name if as_uploaded else entry.master_name
    if not name:
        raise Http404
    try:
        handle = images.private_storage().open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    # The file name says nothing about the author: jurors see entries anonymously.
    extension = name.rsplit(".", 1)[-1]
    suffix = "-goc" if as_uploaded else ""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"tac-pham-{entry.pk}{suffix}.{extension}",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def results_view(request):
    gallery = GalleryConfig.current_or_404()
    if not gallery.results_published_at and not is_organizer(request.user):
        return render(request, "gallery/results.html", {"gallery": gallery, "winners": None})
    tally = selectors.tally(gallery).filter(status=Entry.Status.APPROVED)
    return render(
        request,
        "gallery/results.html",
        {"gallery": gallery, "winners": selectors.winners(gallery), "tally": tally},
    )


# --- Authors -------------------------------------------------------------------


@profile_required
def my_entries_view(request):
    gallery = GalleryConfig.current()
    entries = Entry.objects.filter(author=request.user).exclude(status=Entry.Status.WITHDRAWN)
    return render(
        request,
        "gallery/my_entries.html",
        {
            "gallery": gallery,
            "entries": entries.select_related("gallery"),
            "submit_barred": bool(gallery and gallery.bars_from_submitting(request.user)),
        },
    )


@profile_required
@rate_limit("submit", setting="GALLERY_SUBMIT_RATE", scope="user")
def entry_create_view(request, kind_slug):
    gallery = GalleryConfig.current_or_404()
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    if gallery.bars_from_submitting(request.user):
        return redirect("gallery:my-entries")  # which says why
    form = FORMS[kind](request.POST or None, request.FILES or None, gallery=gallery)
    if request.method == "POST":
        check = partial(entry_submit_precheck, gallery=gallery, author=request.user)
        if refused := _refused_unread(request, FORMS[kind], check, gallery=gallery):
            form = refused
        elif form.is_valid():
            try:
                entry_submit(
                    gallery=gallery,
                    author=request.user,
                    kind=kind,
                    data=form.cleaned_data,
                    processed=form.processed,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Your entry is sent. It appears in the gallery once approved.")
                )
                return redirect("gallery:my-entries")
    return render(
        request,
        "gallery/entry_form.html",
        {"form": form, "gallery": gallery, "kind": kind, "entry": None},
    )


def _refused_unread(request, form_class, check, **form_kwargs):
    """The form with the refusal of `check`, the uploaded file left unread; None if it passes.

    A closed window or a full quota is told before a poster is decoded (seconds of work).
    """
    try:
        check()
    except ValidationError as exc:
        form = form_class(request.POST, **form_kwargs)
        if "image" in form.fields:
            form.fields["image"].required = False
        form.add_error(None, exc)
        return form
    return None


def _own_entry(request, pk) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("gallery"), pk=pk)
    if entry.author_id != request.user.pk:
        raise Http404
    return entry


@profile_required
def entry_edit_view(request, pk):
    entry = _own_entry(request, pk)
    if not entry.editable:
        messages.error(
            request, _("An approved entry can no longer be changed. Contact the organizers.")
        )
        return redirect("gallery:my-entries")
    form = FORMS[entry.kind](
        request.POST or None, request.FILES or None, gallery=entry.gallery, entry=entry
    )
    check = partial(entry_update_precheck, entry=entry, author=request.user)
    refused = request.method == "POST" and _refused_unread(
        request, FORMS[entry.kind], check, gallery=entry.gallery, entry=entry
    )
    if refused:
        form = refused
    elif request.method == "POST" and form.is_valid():
        try:
            entry_update(
                entry=entry, author=request.user, data=form.cleaned_data, processed=form.processed
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your changes are saved; the entry waits for moderation."))
            return redirect("gallery:my-entries")
    return render(
        request,
        "gallery/entry_form.html",
        {"form": form, "gallery": entry.gallery, "kind": entry.kind, "entry": entry},
    )


@require_POST
@profile_required
def entry_withdraw_view(request, pk):
    entry = _own_entry(request, pk)
    run_with_messages(
        request,
        lambda: entry_withdraw(entry=entry, author=request.user),
        _("Your entry is withdrawn."),
    )
    return redirect("gallery:my-entries")
