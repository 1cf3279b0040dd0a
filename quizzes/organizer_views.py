"""Organizer pages of the quiz: round set-up, progress, close and publish, ranking, statistics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.decorators import organizer_required
from contest.feedback import run_with_messages
from contest.models import Contest
from contest.xlsx import workbook_response

from .boards import counters
from .exports import ranking_workbook
from .forms import QuotaFormSet, RoundForm
from .models import Round
from .selectors import question_statistics
from .services.ranking import KEY_LABELS, round_close, round_publish
from .services.rounds import round_save


@organizer_required
def round_list_view(request):
    rounds = Round.objects.select_related("contest", "bank").order_by("-opens_at")
    return render(request, "quizzes/organizer/round_list.html", {"rounds": rounds})


@organizer_required
def round_edit_view(request, pk=None):
    round = get_object_or_404(Round, pk=pk) if pk else Round(contest=Contest.current())
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
            round = round_save(round=form.instance, quotas=quotas, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("quizzes:round-dashboard", pk=round.pk)
    return render(
        request,
        "quizzes/organizer/round_form.html",
        {"form": form, "formset": formset, "round": round if pk else None},
    )


@organizer_required
def round_dashboard_view(request, pk):
    round = get_object_or_404(Round.objects.select_related("bank", "contest"), pk=pk)
    return render(
        request,
        "quizzes/organizer/round_dashboard.html",
        {
            "round": round,
            "progress": counters(round),
            "quotas": round.quotas.select_related("topic"),
        },
    )


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
    return render(
        request,
        "quizzes/organizer/round_stats.html",
        {"round": round, "stats": question_statistics(round) if round.closed_at else None},
    )
