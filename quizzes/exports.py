from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from contest.models import AuditEntry, Participant
from contest.services.audit import audit_sheet
from contest.xlsx import append_row

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


def duration_text(value) -> str:
    seconds = int(value.total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"


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
            date_format(timezone.localtime(round.closed_at), "DATETIME_FORMAT"),
        ],
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
                f"{entry.score}/{entry.question_count}",
                duration_text(entry.time_taken),
                entry.prediction,
                entry.prediction_error,
                date_format(timezone.localtime(entry.submitted_at), "d/m/Y H:i:s"),
                str(prizes.get(entry.prize, "")) if entry.eligible else _("not eligible"),
                str(KEY_LABELS.get(entry.decided_by, "")),
            ],
        )
    for column, width in zip(
        "ABCDEFGHIJKL", [6, 28, 32, 12, 22, 8, 10, 10, 10, 20, 16, 18], strict=True
    ):
        sheet.column_dimensions[column].width = width
    audit_sheet(book, round_audit_entries(round))
    return book
