from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.decorators import organizer_required
from contest.devices import normalize_code
from contest.models import Contest, Participant
from quizzes.models import Round

from .models import InviteAward
from .selectors import inviter_ranking
from .services.invites import (
    INVITE_COOKIE,
    INVITE_COOKIE_MAX_AGE,
    invite_award,
    invite_award_revoke,
    invite_visit_record,
)


def _round_id(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


def invite_open_view(request, code):
    """A colleague's invite link: record the visit, keep the first touch, go on (302)."""
    typed = normalize_code(code)
    inviter = (
        Participant.objects.only("id", "user_id", "invite_code").filter(invite_code=typed).first()
        if typed
        else None
    )
    if inviter is None:
        context = {"contest": Contest.current(), "code": typed}
        return render(request, "invites/unknown.html", context, status=404)
    round = Round.objects.filter(pk=_round_id(request.GET.get("r"))).only("id").first()
    touch = invite_visit_record(
        inviter=inviter,
        round_id=round.pk if round else None,
        user=request.user,
        user_agent=request.headers.get("user-agent", ""),
        cookie=request.COOKIES.get(INVITE_COOKIE),
    )
    target = reverse("quizzes:round-detail", args=[round.pk]) if round else reverse("home")
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    if touch is not None:
        response.set_cookie(
            INVITE_COOKIE,
            touch.cookie_value(),
            max_age=INVITE_COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


@organizer_required
def ranking_view(request):
    rounds = list(Round.objects.order_by("-opens_at", "-id"))
    chosen = _round_id(request.GET.get("round"))
    round = next((r for r in rounds if r.pk == chosen), rounds[0] if rounds else None)
    rows = inviter_ranking(round=round, limit=100) if round else []
    return render(request, "invites/ranking.html", {"rounds": rounds, "round": round, "rows": rows})


def _back(round) -> HttpResponseRedirect:
    return redirect(f"{reverse('invites:ranking')}?round={round.pk}")


@require_POST
@organizer_required
def award_view(request, round_id):
    round = get_object_or_404(Round, pk=round_id)
    participant = Participant.objects.filter(pk=_round_id(request.POST.get("participant"))).first()
    if participant is None:
        messages.error(request, _("Choose an inviter from the ranking."))
        return _back(round)
    try:
        award = invite_award(round=round, participant=participant, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = _("Spreading-the-word prize awarded (place %(place)s).")
        messages.success(request, text % {"place": award.place})
    return _back(round)


@require_POST
@organizer_required
def award_revoke_view(request, pk):
    award = get_object_or_404(InviteAward.objects.select_related("round"), pk=pk)
    round = award.round
    invite_award_revoke(award=award, actor=request.user)
    messages.success(request, _("The spreading-the-word prize was taken back."))
    return _back(round)
