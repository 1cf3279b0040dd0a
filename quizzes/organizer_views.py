"""Organizer pages of the quiz: round set-up, progress, close and publish, ranking, statistics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contest.decorators import organizer_required
from contest.feedback import run_with_messages
from contest.models import Contest
from contest.services.audit import form_fields
from contest.xlsx import workbook_response

from .boards import counters
from .exports import ranking_workbook
from .forms import QuotaFormSet, RoundForm
from .models import Round
from .selectors import burnt_pool, keys_released_early, question_statistics, rounds_still_drawing
from .services.answer_keys import round_answers_release
from .services.ranking import KEY_LABELS, round_close, round_publish
from .services.rounds import round_save


@organizer_required
def round_list_view(request):
    rounds = Round.objects.select_related("contest", "bank").order_by("-opens_at")
    return render(request, "quizzes/organizer/round_list.html", {"rounds": rounds})


@organizer_required
def round_edit_view(request, pk=None):
    # "is not None": /dot-thi/0/sua/ is a round that does not exist, not a new one.
    round = get_object_or_404(Round, pk=pk) if pk is not None else Round(contest=Contest.current())
    if round.contest_id is None:
        messages.error(request, _("Create a contest first (in the administration)."))
        return redirect("quizzes:organizer-rounds")
    form = RoundForm(request.POST or None, instance=round)
    formset = QuotaFormSet(
        request.POST or None, instance=round, form_kwargs={"bank": round.bank if pk else None}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        quotas = [
            (f.cleaned_data["topic"], f.cleaned_data["count"])
            for f in formset.forms
            if f.cleaned_data.get("topic") and not f.cleaned_data.get("DELETE")
        ]
        try:
            round = round_save(
                round=form.instance, quotas=quotas, fields=form_fields(form), actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round has been saved."))
            if warning := _burnt_warning(round.bank_id, [topic.pk for topic, _c in quotas]):
                messages.warning(request, warning)
            return redirect("quizzes:round-dashboard", pk=round.pk)
    if request.method == "POST":
        # form.is_valid() ran; the formset's forms have cleaned_data only if it ran too.
        bank = form.cleaned_data.get("bank")
        topics = [
            f.cleaned_data["topic"].pk
            for f in formset.forms
            if getattr(f, "cleaned_data", {}).get("topic") and not f.cleaned_data.get("DELETE")
        ]
        warning = _burnt_warning(bank.pk if bank else round.bank_id, topics)
    elif pk is not None:
        warning = _burnt_warning(round.bank_id, round.quotas.values_list("topic_id", flat=True))
    else:
        warning = None
    return render(
        request,
        "quizzes/organizer/round_form.html",
        {
            "form": form,
            "formset": formset,
            "round": round if pk else None,
            "burnt_warning": warning,
        },
    )


def _burnt_warning(bank_id, topic_ids) -> str | None:
    """The numbers of questions the round can draw whose answers participants have seen."""
    if not bank_id:
        return None
    counts = burnt_pool(bank_id=bank_id, topic_ids=topic_ids)
    if not counts.burnt:
        return None
    return ngettext(
        "%(burnt)d of the %(pool)d questions this round can draw already has its answer "
        "shown to participants (by a closed round). Participants may know it: consider "
        "retiring or replacing it, or drawing from other topics.",
        "%(burnt)d of the %(pool)d questions this round can draw already have their answers "
        "shown to participants (by a closed round). Participants may know them: consider "
        "retiring or replacing them, or drawing from other topics.",
        counts.burnt,
    ) % {"burnt": counts.burnt, "pool": counts.pool}


@organizer_required
def round_dashboard_view(request, pk):
    round = get_object_or_404(Round.objects.select_related("bank", "contest"), pk=pk)
    quotas = round.quotas.select_related("topic")
    held_back = 0
    if round.answers_visible() and not round.answers_released_at:
        held_back = keys_released_early(round)
    return render(
        request,
        "quizzes/organizer/round_dashboard.html",
        {
            "round": round,
            "progress": counters(round),
            "quotas": quotas,
            "held_back": held_back,
            "drawing_rounds": (
                rounds_still_drawing().filter(bank_id=round.bank_id).exclude(pk=round.pk)
                if held_back
                else []
            ),
            "burnt_warning": (
                None
                if round.closed_at
                else _burnt_warning(round.bank_id, [q.topic_id for q in quotas])
            ),
        },
    )


@require_POST
@organizer_required
def round_answers_release_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that the answers may be released."))
        return redirect("quizzes:round-dashboard", pk=pk)
    run_with_messages(
        request,
        lambda: round_answers_release(round=round, actor=request.user),
        _("All the answers of this round are now shown to its participants."),
    )
    return redirect("quizzes:round-dashboard", pk=pk)


@require_POST
@organizer_required
def round_close_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    run_with_messages(
        request,
        lambda: round_close(round=round, actor=request.user),
        _("The round is closed and its official ranking is frozen."),
    )
    return redirect("quizzes:round-dashboard", pk=pk)


@require_POST
@organizer_required
def round_publish_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    run_with_messages(
        request,
        lambda: round_publish(round=round, actor=request.user),
        _("The results are published."),
    )
    return redirect("quizzes:round-dashboard", pk=pk)


@organizer_required
def round_ranking_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    if round.closed_at:
        rows = round.ranking.all()[:1000]
    else:
        rows = round.attempts.live_ranking().select_related("participant__unit")[:1000]
    return render(
        request,
        "quizzes/organizer/round_ranking.html",
        {"round": round, "rows": rows, "key_labels": KEY_LABELS},
    )


@organizer_required
def round_ranking_export_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    if not round.closed_at:
        messages.error(request, _("The official ranking exists once the round is closed."))
        return redirect("quizzes:round-dashboard", pk=pk)
    return workbook_response(ranking_workbook(round), f"xep-hang-dot-{round.pk}.xlsx")


@organizer_required
def round_stats_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    stats = question_statistics(round) if round.closed_at else None
    return render(
        request,
        "quizzes/organizer/round_stats.html",
        {
            "round": round,
            "stats": stats,
            "burnt": sum(1 for s in stats if s.burnt_since) if stats else 0,
        },
    )
