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
from contest.numbers import parse_id
from contest.services.audit import form_fields
from contest.xlsx import workbook_response

from .boards import counters
from .exports import question_stats_workbook, ranking_workbook
from .forms import QuotaFormSet, RoundForm
from .models import Bank, Round
from .preview import sample_questions
from .selectors import burnt_pool, keys_released_early, question_statistics, rounds_still_drawing
from .services.answer_keys import round_answers_release
from .services.ranking import KEY_LABELS, round_close, round_end_now, round_publish
from .services.rounds import round_save


@organizer_required
def round_list_view(request):
    rounds = Round.objects.select_related("contest", "bank").order_by("-opens_at")
    return render(request, "quizzes/organizer/round_list.html", {"rounds": rounds})


@organizer_required
def round_edit_view(request, pk=None):
    """Create or edit a round; "Xem trước" shows the participants' page without saving.

    The rows of questions per topic are the topics of one bank, named in the page
    (`quota_bank`): when the organizer picks another bank, the page comes back with that
    bank's topics and everything typed kept, and nothing is saved.
    """
    # "is not None": /dot-thi/0/sua/ is a round that does not exist, not a new one.
    round = get_object_or_404(Round, pk=pk) if pk is not None else Round(contest=Contest.current())
    if round.contest_id is None:
        messages.error(request, _("Create a contest first (in the administration)."))
        return redirect("quizzes:organizer-rounds")
    heading = round.title if pk is not None else None
    preview = None
    if request.method != "POST":
        bank = _starting_bank(request, round)
        form = RoundForm(instance=round, initial={"bank": bank} if pk is None else None)
        formset = QuotaFormSet(instance=round, bank=bank, locked=form.draw_locked)
        topics = round.quotas.values_list("topic_id", flat=True) if pk is not None else []
        warning = _burnt_warning(bank.pk if bank else None, topics)
        return _round_form_page(request, form, formset, heading, warning)
    form = RoundForm(request.POST, instance=round)
    chosen = _posted_bank(form)
    # A page without `quota_bank` (an older copy, a script) sent rows for its chosen bank.
    rows_bank = _bank_named(request.POST["quota_bank"]) if "quota_bank" in request.POST else chosen
    if chosen != rows_bank or "show_topics" in request.POST:
        # Another bank: its topics, unbound (no error yet), with what was typed kept.
        form = RoundForm(initial=form.values_as_typed(), instance=round)
        formset = QuotaFormSet(instance=round, bank=chosen, locked=form.draw_locked)
        if chosen is not None:
            messages.info(
                request,
                _(
                    "These are the topics of the bank “%(bank)s”: write how many questions each "
                    "attempt draws from each, then save."
                )
                % {"bank": chosen.name},
            )
        return _round_form_page(request, form, formset, heading, None)
    formset = QuotaFormSet(request.POST, instance=round, bank=rows_bank, locked=form.draw_locked)
    if form.is_valid() and formset.is_valid():
        quotas = formset.quotas()
        if "preview" in request.POST:
            # form.instance holds the typed settings, unsaved.
            preview = round_preview_context(form.instance, quotas)
        else:
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
    # form.is_valid() ran; the formset's forms have cleaned_data only if it ran too.
    topics = [
        f.cleaned_data["topic"].pk
        for f in formset.forms
        if getattr(f, "cleaned_data", {}).get("topic") and f.cleaned_data.get("count")
    ]
    warning = _burnt_warning(rows_bank.pk if rows_bank else None, topics)
    return _round_form_page(request, form, formset, heading, warning, preview=preview)


def _round_form_page(request, form, formset, heading, warning, *, preview=None):
    return render(
        request,
        "quizzes/organizer/round_form.html",
        {
            "form": form,
            "formset": formset,
            "round": form.instance if form.instance.pk else None,
            "heading": heading,
            "burnt_warning": warning,
            "preview": preview,
        },
    )


def _bank_named(value) -> Bank | None:
    """The bank whose id a link or the form names (blank: none); a bad number is a 400."""
    value = (value or "").strip()
    return Bank.objects.filter(pk=parse_id(value)).first() if value else None


def _starting_bank(request, round) -> Bank | None:
    """A new round's bank: the one the link names (?bank=), or the only bank there is."""
    if round.pk is not None:
        return round.bank
    if "bank" in request.GET:
        return _bank_named(request.GET["bank"])
    banks = list(Bank.objects.all()[:2])
    return banks[0] if len(banks) == 1 else None


def _posted_bank(form) -> Bank | None:
    """The bank the posted form chose, or None if none (or none that exists) was chosen."""
    field = form.fields["bank"]
    if field.disabled:
        return form.instance.bank
    try:
        return field.clean(form["bank"].data)
    except ValidationError:
        return None


def round_preview_context(round: Round, quotas) -> dict:
    """What the preview shows: the round's page for a participant and one sample draw."""
    quotas = sorted(quotas, key=lambda quota: quota[0].name.lower())
    return {
        "round": round,
        "status": round.status(),
        "question_count": sum(count for _topic, count in quotas),
        "quotas": quotas,
        "samples": sample_questions(
            bank_id=round.bank_id, quotas=quotas, shuffle_choices=round.shuffle_choices
        ),
    }


@organizer_required
def round_preview_view(request, pk):
    """The saved round as a participant sees it, with sample questions; nothing is saved."""
    round = get_object_or_404(Round.objects.select_related("contest", "bank"), pk=pk)
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    return render(
        request,
        "quizzes/organizer/round_preview.html",
        {"preview": round_preview_context(round, quotas), "round": round},
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


@organizer_required
def round_end_now_view(request, pk):
    """ "Kết thúc ngay": a confirmation page (GET), then the round ends at once (POST)."""
    round = get_object_or_404(Round, pk=pk)
    if request.method == "POST":
        run_with_messages(
            request,
            lambda: round_end_now(round=round, actor=request.user),
            _(
                "The round has ended: attempts in progress were finished and scored, and the "
                "official ranking is frozen."
            ),
        )
        return redirect("quizzes:round-dashboard", pk=pk)
    return render(
        request,
        "quizzes/organizer/round_end_now.html",
        {"round": round, "in_progress": round.attempts.in_progress().count()},
    )


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


@organizer_required
def round_stats_export_view(request, pk):
    round = get_object_or_404(Round, pk=pk)
    if not round.closed_at:
        messages.error(request, _("Statistics are computed once the round is closed."))
        return redirect("quizzes:round-stats", pk=pk)
    book = question_stats_workbook(round, question_statistics(round))
    return workbook_response(book, f"thong-ke-cau-hoi-dot-{round.pk}.xlsx")
