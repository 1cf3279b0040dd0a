"""A participant's own data: download it, or delete it while the results stay reproducible.

What deletion keeps and why is written for the participant on the page
(templates/campaign/personal_data_delete.html) and for maintainers in docs/privacy.md.
"""

import unicodedata

import openpyxl
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banners.models import BannerCheck, ScanSignup
from campaign.models import Certificate
from contest.models import AuditEntry, Participant
from contest.roles import is_juror, is_organizer
from contest.services.audit import audit_record
from contest.xlsx import append_row
from gallery import images
from gallery.models import Entry, Vote
from invites.models import InviteSignup
from quizzes.models import Attempt, Choice, RankingEntry
from quizzes.selectors import key_shown_ids
from quizzes.services.answer_keys import keys_shown_record

# Typed by the participant to confirm; compared without diacritics or case ("xoa du lieu").
CONFIRM_PHRASE = "xoá dữ liệu"


def _bare(text: str) -> str:
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def phrase_matches(text: str) -> bool:
    return _bare(text) == _bare(CONFIRM_PHRASE)


# --- Download -----------------------------------------------------------------------
def _time(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def personal_data(*, user) -> dict:
    """Everything the site keeps about `user`, as plain JSON-ready values.

    Vote hashes (keyed hashes of IP and browser) are left out: they identify nobody by
    themselves and exist to group fraud, not to describe the voter.
    """
    participant = Participant.objects.filter(user=user).select_related("unit").first()
    return {
        "account": {
            "email": user.email,
            "email_verified": EmailAddress.objects.filter(user=user, verified=True).exists(),
            "date_joined": _time(user.date_joined),
            "last_login": _time(user.last_login),
        },
        "profile": _profile(participant) if participant else None,
        "attempts": _attempts(participant) if participant else [],
        "rankings": _rankings(participant) if participant else [],
        "gallery_entries": _entries(user),
        "votes": _votes(user),
        "banner_scan": _scan(user),
        "banner_checks": _banner_checks(user),
        "invites": _invites(user, participant),
        "certificates": _certificates(participant) if participant else [],
    }


def _profile(p: Participant) -> dict:
    return {
        "full_name": p.full_name,
        "phone": p.phone,
        "participant_type": str(p.get_participant_type_display()),
        "unit": p.unit_name,
        "cccd": p.cccd,
        "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
        "gender": str(p.get_gender_display()) if p.gender else "",
        "commune": p.commune,
        "consent_given_at": _time(p.consent_given_at),
        "created_at": _time(p.created_at),
        "updated_at": _time(p.updated_at),
    }


def _attempts(participant: Participant) -> list[dict]:
    attempts = (
        Attempt.objects.filter(participant=participant)
        .select_related("round")
        .prefetch_related("items__question")
        .order_by("started_at")
    )
    choice_ids = {
        choice_id
        for attempt in attempts
        for item in attempt.items.all()
        for choice_id in item.selected
    }
    choices = dict(Choice.objects.filter(pk__in=choice_ids).values_list("pk", "text"))
    rows = []
    for attempt in attempts:
        # Whether an answer was right is part of the answer key: only once the round shows
        # it, and only for questions no open or coming round can still ask (issue 14).
        shown = key_shown_ids(attempt.round, [item.question_id for item in attempt.items.all()])
        keys_shown_record(question_ids=shown)
        rows.append(
            {
                "round": attempt.round.title,
                "number": attempt.number,
                "started_at": _time(attempt.started_at),
                "finished_at": _time(attempt.finished_at),
                "score": attempt.score,
                "question_count": attempt.question_count,
                "time_taken_seconds": (
                    int(attempt.time_taken.total_seconds()) if attempt.time_taken else None
                ),
                "prediction": attempt.prediction,
                "counted": attempt.is_best,
                "answers": [
                    {
                        "position": item.position,
                        "question": item.question.text,
                        "answer": [choices.get(pk, "") for pk in item.selected],
                        "answered_at": _time(item.answered_at),
                        "correct": item.is_correct if item.question_id in shown else None,
                    }
                    for item in sorted(attempt.items.all(), key=lambda item: item.position)
                ],
            }
        )
    return rows


def _rankings(participant: Participant) -> list[dict]:
    entries = RankingEntry.objects.filter(
        participant=participant, round__published_at__isnull=False
    ).select_related("round")
    return [
        {
            "round": entry.round.title,
            "rank": entry.rank,
            "score": entry.score,
            "question_count": entry.question_count,
            "prize": str(entry.get_prize_display()) if entry.prize else "",
        }
        for entry in entries
    ]


def _entries(user) -> list[dict]:
    return [
        {
            "id": entry.pk,
            "kind": str(entry.get_kind_display()),
            "title": entry.title,
            "pen_name": entry.pen_name,
            "explanation": entry.explanation,
            "poem": entry.poem,
            "status": str(entry.get_status_display()),
            "reason": entry.moderation_reason,
            "image_width": entry.image_width,
            "image_height": entry.image_height,
            "created_at": _time(entry.created_at),
        }
        for entry in Entry.objects.filter(author=user).order_by("created_at")
    ]


def _votes(user) -> list[dict]:
    votes = Vote.objects.filter(voter=user).select_related("entry").order_by("created_at")
    return [
        {
            "entry": vote.entry_id,
            "entry_title": vote.entry.title,
            "voted_at": _time(vote.created_at),
            "counted": vote.voided_at is None,
            "void_reason": vote.void_reason,
        }
        for vote in votes
    ]


def _certificates(participant: Participant) -> list[dict]:
    rows = Certificate.objects.filter(participant=participant).select_related("round", "gallery")
    return [
        {
            "serial": certificate.serial,
            "prize": certificate.prize_label,
            "round": certificate.award_title,
            "name_printed": certificate.name_printed,
            "issued_on": certificate.issued_on.isoformat(),
            "revoked_on": _time(certificate.revoked_at),
        }
        for certificate in rows.order_by("number")
    ]


def _scan(user) -> dict | None:
    signup = ScanSignup.objects.filter(user=user).select_related("banner").first()
    if signup is None:
        return None
    return {
        "banner": signup.banner.name,
        "code": signup.banner.code,
        "signed_up_at": _time(signup.created_at),
    }


def _banner_checks(user) -> list[dict]:
    """The checks this person made in the field (organizers and unit contacts)."""
    rows = BannerCheck.objects.filter(checked_by=user).select_related("banner")
    return [
        {
            "banner": check.banner.name,
            "code": check.banner.code,
            "state": str(check.get_state_display()),
            "note": check.note,
            "checked_at": _time(check.checked_at),
            "photo": bool(check.photo_key),
            "latitude": None if check.latitude is None else float(check.latitude),
            "longitude": None if check.longitude is None else float(check.longitude),
            "accuracy_m": check.accuracy_m,
        }
        for check in rows.order_by("checked_at", "pk")
    ]


def _invites(user, participant: Participant | None) -> dict:
    """The personal invite link's code, and the sign-ups and prizes credited to it."""
    signup = InviteSignup.objects.filter(user=user).first()
    return {
        "invite_code": (participant.invite_code or "") if participant else "",
        "signed_up_through_an_invite_at": _time(signup.created_at) if signup else None,
        "signups_brought": participant.invite_signups.count() if participant else 0,
        "invite_prizes": (
            [str(award.round) for award in participant.invite_awards.select_related("round")]
            if participant
            else []
        ),
    }


LABELS = {
    "account": gettext_lazy("Account"),
    "profile": gettext_lazy("Profile"),
    "attempts": gettext_lazy("Attempts"),
    "answers": gettext_lazy("Your answers"),
    "rankings": gettext_lazy("Rankings"),
    "gallery_entries": gettext_lazy("Entries"),
    "votes": gettext_lazy("Your votes"),
    "banner_scan": gettext_lazy("Banner"),
    "banner_checks": gettext_lazy("Banner checks"),
    "invites": gettext_lazy("Invitations"),
    "certificates": gettext_lazy("Certificates"),
}


# Column and row titles of the .xlsx (the JSON keeps the English keys, for programs).
FIELD_LABELS = {
    "email": gettext_lazy("Email"),
    "email_verified": gettext_lazy("Email verified"),
    "date_joined": gettext_lazy("Joined"),
    "last_login": gettext_lazy("Last sign-in"),
    "full_name": gettext_lazy("Full name"),
    "phone": gettext_lazy("Phone"),
    "participant_type": gettext_lazy("Participant type"),
    "unit": gettext_lazy("Unit"),
    "cccd": gettext_lazy("Citizen ID (CCCD)"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "gender": gettext_lazy("Gender"),
    "commune": gettext_lazy("Commune or ward"),
    "consent_given_at": gettext_lazy("Consent given"),
    "created_at": gettext_lazy("Created"),
    "updated_at": gettext_lazy("Updated"),
    "round": gettext_lazy("Round"),
    "number": gettext_lazy("Attempt"),
    "started_at": gettext_lazy("Started"),
    "finished_at": gettext_lazy("Finished"),
    "score": gettext_lazy("Score"),
    "question_count": gettext_lazy("Questions"),
    "time_taken_seconds": gettext_lazy("Time taken (seconds)"),
    "prediction": gettext_lazy("Prediction"),
    "counted": gettext_lazy("Counted"),
    "position": gettext_lazy("Position"),
    "question": gettext_lazy("Question"),
    "answer": gettext_lazy("Answer"),
    "answered_at": gettext_lazy("Answered at"),
    "correct": gettext_lazy("Correct"),
    "rank": gettext_lazy("Rank"),
    "prize": gettext_lazy("Prize"),
    "id": gettext_lazy("Entry"),
    "kind": gettext_lazy("Entry kind"),
    "title": gettext_lazy("Title"),
    "pen_name": gettext_lazy("Pen name"),
    "explanation": gettext_lazy("Explanation"),
    "poem": gettext_lazy("Poem"),
    "status": gettext_lazy("Status"),
    "reason": gettext_lazy("Reason"),
    "image_width": gettext_lazy("Image width"),
    "image_height": gettext_lazy("Image height"),
    "entry": gettext_lazy("Entry"),
    "entry_title": gettext_lazy("Entry title"),
    "voted_at": gettext_lazy("Voted at"),
    "void_reason": gettext_lazy("Reason for voiding"),
    "banner": gettext_lazy("Banner"),
    "code": gettext_lazy("Code"),
    "signed_up_at": gettext_lazy("Signed up at"),
    "serial": gettext_lazy("Serial number"),
    "name_printed": gettext_lazy("Name as printed"),
    "issued_on": gettext_lazy("Date of issue"),
    "revoked_on": gettext_lazy("Revoked on"),
    "state": gettext_lazy("State"),
    "note": gettext_lazy("Note"),
    "checked_at": gettext_lazy("Checked at"),
    "photo": gettext_lazy("Photo"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "accuracy_m": gettext_lazy("Accuracy (m)"),
    "invite_code": gettext_lazy("Invite code"),
    "signed_up_through_an_invite_at": gettext_lazy("Signed up through an invite at"),
    "signups_brought": gettext_lazy("Sign-ups brought"),
    "invite_prizes": gettext_lazy("Spreading-the-word prizes"),
}


def _title(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


def personal_data_workbook(data: dict) -> openpyxl.Workbook:
    """The same data as the JSON file, one sheet per part; cells are formula-safe."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for key, value in data.items():
        sheet = book.create_sheet(str(LABELS[key])[:31])
        if isinstance(value, dict):
            for name, item in value.items():
                append_row(sheet, [_title(name), _cell(item)])
        elif value:
            rows = [{k: v for k, v in row.items() if k != "answers"} for row in value]
            append_row(sheet, [_title(name) for name in rows[0]])
            for row in rows:
                append_row(sheet, [_cell(item) for item in row.values()])
        if key == "attempts" and value:
            answers = book.create_sheet(str(LABELS["answers"])[:31])
            names = ["position", "question", "answer", "answered_at", "correct"]
            append_row(answers, [_title(name) for name in ["round", "number", *names]])
            for attempt in value:
                for answer in attempt["answers"]:
                    row = [attempt["round"], attempt["number"]]
                    append_row(answers, row + [_cell(answer[name]) for name in names])
    return book


def _cell(value):
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return value


# --- Deletion -----------------------------------------------------------------------
def deletion_refused_reason(user) -> str | None:
    """Organizers, jurors and staff keep their accounts: their decisions are on record."""
    if user.is_staff or user.is_superuser or is_organizer(user) or is_juror(user):
        return _(
            "Organizers, jurors and administrators cannot delete their account here: their "
            "decisions are part of the contest's record. Ask the site's administrator."
        )
    return None


@transaction.atomic
def personal_data_delete(*, user, confirmation: str) -> dict:
    """Anonymise `user` for good; return what was kept (counts, for the audit log).

    The account can no longer sign in; name, phone, CCCD, birth date, gender and commune
    are erased; attempts, scores and ranking rows stay under "Thí sinh đã xoá #<id>" so
    every ranking stays reproducible; counted votes stay (the tally does not move) but
    point to the anonymised account; entries are withdrawn and their files deleted, unless
    the gallery's results are published, in which case they stay as published.
    """
    if refusal := deletion_refused_reason(user):
        raise ValidationError(refusal, code="not_allowed")
    if not phrase_matches(confirmation):
        raise ValidationError(
            _("Type the words %(phrase)s to confirm.") % {"phrase": CONFIRM_PHRASE},
            code="confirmation",
        )
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    kept = {"attempts": 0, "ranking_rows": 0, "votes_kept": 0}
    participant = Participant.objects.select_for_update().filter(user=user).first()
    if participant is not None:
        with translation.override(settings.LANGUAGE_CODE):  # shown on the site's boards
            name = _("Deleted participant #%(id)s") % {"id": participant.pk}
        kept["attempts"] = participant.attempts.count()
        kept["ranking_rows"] = RankingEntry.objects.filter(participant=participant).update(
            full_name=name, phone=""
        )
        participant.full_name = name
        # The public check page of their certificates names nobody any more.
        Certificate.objects.filter(participant=participant).update(name_printed=name)
        participant.phone = participant.cccd = participant.gender = participant.commune = ""
        participant.date_of_birth = None
        # The unit is an organisation, not a person: it keeps the collective results right.
        participant.unit_other = "" if participant.unit_id else "—"
        participant.invite_code = None  # the printed or shared link credits nobody now
        participant.deleted_at = now
        participant.save()
    kept.update(_entries_delete(user))
    kept["votes_kept"] = Vote.objects.filter(voter=user).count()
    EmailAddress.objects.filter(user=user).delete()
    ScanSignup.objects.filter(user=user).update(visitor="")
    user.email = f"deleted-{user.pk}@invalid"
    user.set_unusable_password()
    user.is_active = False
    user.last_login = None
    user.save()
    audit_record(
        actor=user,
        action=AuditEntry.Action.DATA_DELETE,
        target=participant or user,
        changes=kept,
    )
    return kept


def _entries_delete(user) -> dict:
    withdrawn = published = 0
    files = []
    for entry in Entry.objects.select_for_update().filter(author=user).select_related("gallery"):
        if entry.gallery.results_published_at is not None:
            published += 1  # part of the published results: kept as shown, author anonymised
            continue
        files.append(
            {
                "original_name": entry.original_name,
                "master_name": entry.master_name,
                "renditions": entry.renditions,
            }
        )
        entry.status = Entry.Status.WITHDRAWN
        with translation.override(settings.LANGUAGE_CODE):
            entry.title = _("Deleted entry")
        entry.pen_name = entry.explanation = entry.poem = entry.moderation_reason = ""
        entry.renditions = []
        entry.image_key = entry.original_name = entry.master_name = ""
        entry.image_hash = entry.text_fingerprint = ""
        entry.save()
        withdrawn += 1
    transaction.on_commit(lambda: [images.delete_files(fields) for fields in files])
    return {"entries_withdrawn": withdrawn, "entries_kept_published": published}


def export_filename(user, extension: str) -> str:
    return f"du-lieu-ca-nhan-{user.pk}-{date_format(timezone.localtime(), 'Ymd')}.{extension}"
