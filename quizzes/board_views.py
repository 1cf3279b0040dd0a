"""Pages showing a round's live board: phones, projector, organizers' dashboard, reveal."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest import events
from contest.decorators import organizer_required
from contest.qr import absolute_url, qr_svg_cached

from . import boards
from .models import Round
from .services.reveal import TIERS

PHASES = {
    "upcoming": gettext_lazy("Opening soon"),
    "open": gettext_lazy("Under way"),
    "closed": gettext_lazy("Ended"),
    "revealing": gettext_lazy("Announcing the prizes"),
}


def _labels() -> dict:
    """Words the page's script writes, in the visitor's language."""
    return {
        "live": _("Live"),
        "reconnecting": _("Reconnecting…"),
        "offline": _("Offline: waiting for the connection"),
        "closed": _("This board is not available."),
        # Kept as a pattern: the script puts the numbers in.
        "me": _("You are ranked {rank}/{total}"),
        "you": _("You"),
        "thousands": ".",
        # The round's state on the projector (Round.phase).
        "phases": {phase: str(label) for phase, label in PHASES.items()},
        "tiers": {
            "consolation": _("Consolation prizes"),
            "third": _("Third prizes"),
            "second": _("Second prizes"),
            "first": _("First prize"),
            "collective": _("Collective prizes"),
        },
    }


def _socket_path(round: Round) -> str:
    return f"/ws/rounds/{round.pk}/board/"


def _join(round: Round) -> tuple[str, str]:
    """The address people type or scan to take part, and its QR code as inline SVG: drawn
    once per round (and process), not on every load of the projector page."""
    url = absolute_url(reverse("quizzes:round-detail", args=[round.pk]))
    return url, qr_svg_cached(url)


def _context(round: Round, **extra) -> dict:
    return {"round": round, "socket": _socket_path(round), "labels": _labels(), **extra}


def _shown_round(pk) -> Round:
    return get_object_or_404(
        Round.objects.select_related("contest"), pk=pk, contest__is_active=True
    )


# Rows drawn in the page are kept this long at most (and per board generation, so a change
# shows at once); the socket's first snapshot replaces them anyway.
ROWS_SECONDS = 5


def _board_rows(round: Round) -> list[dict]:
    """The top rows as the socket sends them, for the page without JavaScript: read once per
    board change (the generation `contest.events` bumps), not once per visitor."""
    generation = cache.get(events.board_key("gen", round.pk), 0)
    key = f"board:rows:{round.pk}:{generation}"
    rows = cache.get(key)
    if rows is None:
        rows = boards.top(round)
        cache.set(key, rows, ROWS_SECONDS)
    return rows


def board_view(request, pk):
    round = _shown_round(pk)
    user = request.user
    # The viewer's own row is marked by its key, here and by the script after each update;
    # the frames themselves stay the same for everyone.
    viewer = boards.row_key(round.pk, user.pk) if user.is_authenticated else ""
    rows = [{**row, "own": bool(viewer) and row["key"] == viewer} for row in _board_rows(round)]
    return render(request, "quizzes/board.html", _context(round, viewer=viewer, rows=rows))


def screen_view(request, pk):
    round = _shown_round(pk)
    url, qr = _join(round)
    theme = "light" if request.GET.get("theme") == "light" else "dark"
    short = url.split("://", 1)[-1]
    phase = round.phase()
    return render(
        request,
        "quizzes/screen.html",
        _context(
            round,
            join_url=short,
            qr_svg=qr,
            theme=theme,
            phase=phase,
            phase_label=PHASES[phase],
            # The call to join stays while people can still join, then goes.
            joining=phase in ("upcoming", "open"),
        ),
    )


@organizer_required
def live_dashboard_view(request, pk):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    return render(request, "quizzes/organizer/round_live.html", _context(round))


@organizer_required
def reveal_control_view(request, pk):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    labels = _labels()
    tiers = []
    for tier in TIERS:
        if tier == "collective":
            winners = [u.unit_name for u in round.unit_results.filter(prize=True)]
        else:
            winners = [e.full_name for e in round.ranking.filter(prize=tier)]
        tiers.append({"key": tier, "label": labels["tiers"][tier], "winners": winners})
    return render(
        request,
        "quizzes/organizer/round_reveal.html",
        _context(round, tiers=tiers),
    )
