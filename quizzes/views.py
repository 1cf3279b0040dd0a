"""Participant pages of a round: rules, the attempt (one question per screen), review, result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.json_errors import answers_json
from contest.numbers import BadNumber, parse_int
from contest.qr import absolute_url, qr_svg_cached
from contest.ratelimit import limit_response, rate_limit
from contest.services.participants import participant_invite_code

from .models import Attempt, RankingEntry, Round, TopicQuota
from .og_image import image_version, round_image_png
from .selectors import attempt_items_for_display, attempt_unanswered, key_shown_ids
from .services.answer_keys import keys_shown_record
from .services.attempts import (
    answer_save,
    attempt_expire_if_due,
    attempt_finish,
    attempt_start,
    attempt_time_up,
    live_rank,
    prediction_save,
)

START_INTENT = "quizzes:start_round"  # the session key: the round a visitor asked to start
CLOSED_CODES = {"too_late", "finished"}  # the attempt is over: the script goes to the review
MAX_POSITION = 32767  # AttemptItem.position is a PositiveSmallIntegerField


def round_detail_view(request, pk):
    # Round.question_count in the round's query (a correlated sum of its quotas).
    quotas = (
        TopicQuota.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(total=Sum("count"))
        .values("total")
    )
    round = get_object_or_404(
        Round.objects.select_related("contest").annotate(quota_total=Coalesce(Subquery(quotas), 0)),
        pk=pk,
    )
    participant = (
        getattr(request.user, "participant", None) if request.user.is_authenticated else None
    )
    now = timezone.now()
    context = {
        "round": round,
        "question_count": round.quota_total,
        "now": now,
        "status": round.status(now),
        "page_url": absolute_url(reverse("quizzes:round-detail", args=[round.pk])),
        "image_url": absolute_url(round_image_path(round)),
        "participant": participant,
    }
    if participant:
        # One query for the count, the running attempt and the finished ones (newest first).
        mine = list(round.attempts.filter(participant=participant).order_by("-started_at"))
        running = next((a for a in mine if a.finished_at is None), None)
        if running and (done := attempt_expire_if_due(attempt=running, now=now)).is_finished:
            # Its time ran out: finished now, listed with the others.
            mine = [done if attempt.pk == done.pk else attempt for attempt in mine]
            running = None
        context["used"] = len(mine)
        context["attempts_left"] = max(0, round.max_attempts - context["used"])
        context["running"] = running
        context["my_attempts"] = [a for a in mine if a.finished_at is not None]
        if round.published_at:
            context["official"] = RankingEntry.objects.filter(
                round=round, participant=participant
            ).first()
    return render(request, "quizzes/round_detail.html", context)


def round_image_path(round: Round) -> str:
    """The preview image's address, changing with what it shows (chat apps cache images)."""
    return reverse("quizzes:round-image", args=[round.pk]) + f"?v={image_version(round)}"


@require_GET
def round_image_view(request, pk):
    """The round's 1200x630 preview for Zalo and Facebook, drawn once per change."""
    round = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    response = HttpResponse(round_image_png(round), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_http_methods(["GET", "POST"])
@rate_limit("start", setting="QUIZ_START_RATE", methods=("GET", "POST"))
def attempt_start_view(request, pk):
    """Start ("Bắt đầu") or resume an attempt; a visitor signs up or in first, and comes back.

    A POST (with its CSRF token) is the visitor's own intent: kept in the session while
    they sign up, sign in or fill in their profile, then the GET they are sent back to
    starts the attempt. A GET without that intent starts nothing.
    """
    round = get_object_or_404(Round, pk=pk)
    participant = (
        getattr(request.user, "participant", None) if request.user.is_authenticated else None
    )
    if participant is None:
        if request.method == "POST" or request.session.get(START_INTENT) == round.pk:
            request.session[START_INTENT] = round.pk
            back = urlencode({"next": request.path})
            if request.user.is_authenticated:
                return redirect(f"{reverse('contest:profile-edit')}?{back}")
            # Sign-up by default (most visitors are new); the page links to sign-in.
            via = "account_login" if request.POST.get("via") == "login" else "account_signup"
            return redirect(f"{reverse(via)}?{back}")
        return redirect("quizzes:round-detail", pk=round.pk)
    if request.method == "GET" and request.session.pop(START_INTENT, None) != round.pk:
        return redirect("quizzes:round-detail", pk=round.pk)
    request.session.pop(START_INTENT, None)
    try:
        attempt = attempt_start(participant=participant, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("quizzes:round-detail", pk=round.pk)
    return redirect("quizzes:attempt-detail", token=attempt.token)


def _own_attempt(request, token) -> Attempt:
    """The requester's own attempt, or 404: nobody learns whether another's exists."""
    attempt = Attempt.objects.select_related("round", "participant").filter(token=token).first()
    if attempt is None or attempt.participant.user_id != request.user.pk:
        raise Http404
    return attempt_expire_if_due(attempt=attempt)


def _position(request, attempt) -> int:
    """The question asked for (?q= or the form's position), within the attempt's questions."""
    text = request.GET.get("q") or request.POST.get("position")
    position = parse_int(text, minimum=1, maximum=MAX_POSITION) if text else 1
    return min(position, attempt.question_count)


@login_required
def attempt_view(request, token):
    attempt = _own_attempt(request, token)
    if attempt.is_finished:
        return redirect("quizzes:attempt-result", token=attempt.token)
    position = _position(request, attempt)
    if request.method == "POST":
        # The plain-form path (no JavaScript): save, then move as the button says. It shares
        # the per-attempt limit of the autosave.
        if refused := limit_response(
            request, "answer", setting="QUIZ_ANSWER_RATE", key=attempt.pk, json=False
        ):
            return refused
        try:
            answer_save(attempt=attempt, position=position, keys=request.POST.getlist("choice"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            if exc.error_list[0].code in {"too_late", "finished"}:
                return redirect("quizzes:attempt-result", token=attempt.token)
        else:
            go = request.POST.get("go", "next")
            if go == "review" or (go == "next" and position == attempt.question_count):
                return redirect("quizzes:attempt-review", token=attempt.token)
            target = position - 1 if go == "prev" else position + 1
            return redirect(f"{request.path}?q={min(max(target, 1), attempt.question_count)}")
    items = attempt_items_for_display(attempt)
    item = items[position - 1]
    return render(
        request,
        "quizzes/attempt_detail.html",
        {
            "attempt": attempt,
            "round": attempt.round,
            "item": item,
            "items": items,
            "position": position,
            "answered": sum(1 for i in items if i.selected),
            "remaining": attempt.remaining_seconds(),
        },
    )


def _own_attempt_json(request, token) -> tuple[Attempt | None, JsonResponse | None]:
    """For the page script's calls: the requester's attempt and None, or None and the JSON
    refusal (not theirs, signed out), or the attempt and the per-attempt rate's refusal."""
    attempt = (
        Attempt.objects.select_related("round")
        .filter(token=token, participant__user_id=request.user.pk)
        .first()
        if request.user.is_authenticated
        else None
    )
    if attempt is None:  # nobody learns whether another person's attempt exists
        message = _(
            "Your session has ended (or this attempt is not yours). Sign in again: "
            "the answers already saved are kept."
        )
        body = {"ok": False, "error": "not_found", "message": message}
        return None, JsonResponse(body, status=404)
    refused = limit_response(
        request, "answer", setting="QUIZ_ANSWER_RATE", key=attempt.pk, json=True
    )
    return attempt, refused


@answers_json
@require_POST
def attempt_answer_view(request, token):
    """One answer, or the prediction, saved from the page's script; it reads JSON back.

    No `login_required`: a redirect to the sign-in page would read as saved. A bad body or
    a failed CSRF check is refused in JSON before this runs (config/json_errors.py).
    """
    attempt, refused = _own_attempt_json(request, token)
    if refused:
        return refused
    try:
        attempt = attempt_expire_if_due(attempt=attempt)
        if "prediction" in request.POST:
            prediction_save(attempt=attempt, value=request.POST["prediction"])
        else:
            try:
                position = parse_int(request.POST.get("position"), minimum=1, maximum=MAX_POSITION)
            except BadNumber:
                position = 0  # refused by answer_save as a question not in the attempt
            answer_save(attempt=attempt, position=position, keys=request.POST.getlist("choice"))
    except ValidationError as exc:
        code = exc.error_list[0].code
        body = {"ok": False, "error": code, "message": " ".join(exc.messages)}
        return JsonResponse(body, status=409 if code in CLOSED_CODES else 400)
    return JsonResponse({"ok": True, "remaining": attempt.remaining_seconds()})


@answers_json
@require_POST
def attempt_time_up_view(request, token):
    """The phone's clock reached 0:00: finish the attempt (with the prediction just typed)
    and say where the result is. Sent again until it gets through; finishing twice is fine."""
    attempt, refused = _own_attempt_json(request, token)
    if refused:
        return refused
    try:
        attempt = attempt_time_up(attempt=attempt, prediction=request.POST.get("prediction"))
    except ValidationError as exc:
        body = {
            "ok": False,
            "error": exc.error_list[0].code,
            "message": " ".join(exc.messages),
            "remaining": attempt.remaining_seconds(),
        }
        return JsonResponse(body, status=400)
    result = reverse("quizzes:attempt-result", args=[attempt.token])
    return JsonResponse({"ok": True, "result_url": result})


@login_required
def attempt_review_view(request, token):
    attempt = _own_attempt(request, token)
    if attempt.is_finished:
        return redirect("quizzes:attempt-result", token=attempt.token)
    error = None
    if request.method == "POST":
        try:
            attempt = attempt_finish(attempt=attempt, prediction=request.POST.get("prediction"))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("quizzes:attempt-result", token=attempt.token)
    answered, unanswered = attempt_unanswered(attempt)
    return render(
        request,
        "quizzes/attempt_review.html",
        {
            "attempt": attempt,
            "round": attempt.round,
            "answered": answered,
            "unanswered": unanswered,  # positions
            "remaining": attempt.remaining_seconds(),
            "prediction": request.POST.get("prediction", attempt.prediction or ""),
            "error": error,
        },
    )


@login_required
def attempt_result_view(request, token):
    attempt = _own_attempt(request, token)
    if not attempt.is_finished:
        return redirect("quizzes:attempt-detail", token=attempt.token)
    round = attempt.round
    show_answers = round.answers_visible()
    # A question another round can still ask keeps its answer hidden (issue 14).
    drawn = attempt.items.values_list("question_id", flat=True)
    key_for = key_shown_ids(round, drawn)  # empty while the round shows no answers
    keys_shown_record(question_ids=key_for)
    # The questions are listed only with their answers (three queries saved otherwise).
    items = attempt_items_for_display(attempt, key_for=key_for) if show_answers else []
    # The participant's attempts in the round, once: how many are used, and the best one.
    mine = list(Attempt.objects.filter(round_id=round.pk, participant_id=attempt.participant_id))
    # Once published, the official rank and prize; never the live board's.
    official = rank = None
    prize_missing = []
    if round.published_at:
        official = RankingEntry.objects.filter(
            round_id=round.pk, participant_id=attempt.participant_id
        ).first()
        if official and official.prize:
            # What the winner still owes before the prize is confirmed: "phone", "cccd".
            prize_missing = round.contest.prize_missing(attempt.participant)
    else:
        rank = live_rank(attempt, best=next((a for a in mine if a.is_best), None))
    code = participant_invite_code(participant=attempt.participant)
    share_url = absolute_url(f"{reverse('invites:invite-open', args=[code])}?r={round.pk}")
    return render(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "round": round,
            "rank": rank,
            "official": official,
            "prize_missing": prize_missing,
            # Shared: the participant's invite link, which leads to the round's public page
            # (never this private attempt's address) and credits them (invites).
            "share_url": share_url,
            "share_qr": qr_svg_cached(share_url),
            "attempts_left": max(0, round.max_attempts - len(mine)),
            "round_open": round.is_open(),
            "show_answers": show_answers,
            "held_back": sum(1 for item in items if not item.key_shown),
            "items": items,
        },
    )


def round_results_view(request, pk):
    """The published official ranking, with names shortened and no contact details."""
    round = get_object_or_404(Round, pk=pk, published_at__isnull=False)
    participant = getattr(request.user, "participant", None)
    context = {
        "round": round,
        "entries": round.ranking.all()[:200],
        "viewer_participant_id": participant.pk if participant else None,
    }
    return render(request, "quizzes/round_results.html", context)
