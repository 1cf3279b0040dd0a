from django.utils.translation import gettext as _
from openpyxl import Workbook

from contest.models import AuditEntry, Participant
from contest.services.audit import audit_sheet
from contest.xlsx import (
    COUNT_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    DURATION_FORMAT,
    PERCENT_FORMAT,
    append_row,
    duration_cell,
    local_datetime,
)

from .models import Question, RankingEntry, Round
from .services.ranking import KEY_LABELS


def round_audit_entries(round: Round):
    """Audit entries about the round itself and about its topics' questions while it ran."""
    entries = AuditEntry.objects
    questions = Question.objects.filter(topic__in=round.quotas.values("topic")).values("pk")
    bank = entries.about("quizzes.question", questions) | entries.about(
        "quizzes.bank", [round.bank_id]
    )
    bank = bank.filter(at__gte=round.created_at)
    if round.closed_at:
        bank = bank.filter(at__lte=round.closed_at)
    return entries.about("quizzes.round", [round.pk]) | bank


def ranking_workbook(round: Round) -> Workbook:
    """The frozen official ranking with contact details, for the organizers only.

    A second sheet holds the audit log of the round (its changes, closing, publishing,
    and the edits of its topics' questions while it ran).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    append_row(sheet, [round.title])
    append_row(
        sheet,
        [
            _("N (the number to predict)"),
            round.prediction_target,
            _("closed at"),
            local_datetime(round.closed_at),
        ],
        formats={2: COUNT_FORMAT, 4: DATETIME_FORMAT},
    )
    append_row(
        sheet,
        [
            _("Rank"),
            _("Full name"),
            _("Unit"),
            _("Phone"),
            _("Participant type"),
            _("Score"),
            _("Questions"),
            _("Time taken"),
            _("Prediction"),
            _("Prediction error"),
            _("Submitted at"),
            _("Prize"),
            _("Decided by"),
        ],
    )
    types = dict(Participant.Type.choices)
    prizes = dict(RankingEntry.Prize.choices)
    for entry in round.ranking.all():
        append_row(
            sheet,
            [
                entry.rank,
                entry.full_name,
                entry.unit_name,
                entry.phone,
                str(types.get(entry.participant_type, entry.participant_type)),
                entry.score,
                entry.question_count,
                duration_cell(entry.time_taken),
                entry.prediction,
                entry.prediction_error,
                local_datetime(entry.submitted_at),
                str(prizes.get(entry.prize, "")) if entry.eligible else _("not eligible"),
                str(KEY_LABELS.get(entry.decided_by, "")),
            ],
            formats={
                **dict.fromkeys((1, 6, 7, 9, 10), COUNT_FORMAT),
                8: DURATION_FORMAT,
                11: DATETIME_FORMAT,
            },
        )
    for column, width in zip(
        "ABCDEFGHIJKLM", [6, 28, 32, 12, 22, 8, 8, 10, 10, 10, 18, 16, 18], strict=True
    ):
        sheet.column_dimensions[column].width = width
    audit_sheet(book, round_audit_entries(round))
    return book


def question_stats_workbook(round: Round, stats) -> Workbook:
    """The question statistics of a closed round: shares as percentages, counts as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Question statistics")[:31]
    append_row(sheet, [round.title])
    # The same words as the help line of the statistics page.
    help_line = _(
        "Share of correct answers: of the attempts that drew the question, how many answered "
        "it right (higher means easier). Discrimination: how well the question separates "
        "strong participants from weak ones, the share of correct answers among the best "
        "%(share)s of attempts minus that among the weakest %(share)s; near zero or negative "
        "means the question does not tell who knows the topic, and is worth checking."
    ) % {"share": "27%"}
    append_row(sheet, [help_line])
    append_row(
        sheet,
        [
            _("Question"),
            _("Topic"),
            _("Drawn"),
            _("Answered correctly"),
            _("Share of correct answers"),
            _("Discrimination"),
            _("Answer out since"),
        ],
    )
    for s in stats:
        append_row(
            sheet,
            [
                s.question.text,
                s.question.topic.name,
                s.drawn,
                s.correct,
                s.facility,
                s.discrimination,
                local_datetime(s.burnt_since),
            ],
            formats={
                3: COUNT_FORMAT,
                4: COUNT_FORMAT,
                5: PERCENT_FORMAT,
                6: DECIMAL_FORMAT,
                7: DATETIME_FORMAT,
            },
        )
    for column, width in zip("ABCDEFG", [70, 32, 10, 14, 16, 14, 18], strict=True):
        sheet.column_dimensions[column].width = width
    return book
