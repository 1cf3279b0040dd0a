"""Import of questions into a bank (.xlsx, Moodle GIFT, Aiken), all or nothing, and export."""

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from contest.services.audit import Action, audit_record
from contest.services.units import RowError, fold
from quizzes.models import Bank, Choice, Question, Topic
from quizzes.services.bank_formats import (
    UNREADABLE,
    Draft,
    FileProblem,
    looks_like_aiken,
    looks_like_gift,
    read_aiken,
    read_gift,
)
from quizzes.services.bank_xlsx import (
    DIFFICULTY_TITLES,
    bank_export_workbook,
    questions_template_workbook,
    read_workbook,
)

__all__ = [
    "BankImportReport",
    "QuestionError",
    "bank_export_workbook",
    "questions_import",
    "questions_template_workbook",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 2000
MAX_TEXT = 2000
MAX_CHOICE = Choice._meta.get_field("text").max_length
MAX_TOPIC = Topic._meta.get_field("name").max_length
MIN_CHOICES, MAX_CHOICES = 2, 6
DIFFICULTY_ALIASES = {"tb": Question.Difficulty.MEDIUM, "vua": Question.Difficulty.MEDIUM}
# Reader problems after which the question's other checks are not worth reporting.
UNREADABLE_QUESTION = UNREADABLE
UNREADABLE_ANSWER = {"bad_correct", "no_answer_line"}
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class QuestionError(RowError):
    code: str = ""  # stable, for tests and callers; the message is for people


@dataclass
class BankImportReport:
    format: str = ""  # "xlsx", "gift" or "aiken"
    questions: int = 0  # questions read from the file
    created: int = 0
    topics_created: list[str] = field(default_factory=list)
    errors: list[QuestionError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def line_based(self) -> bool:
        """Errors name lines of a text file rather than rows of a workbook."""
        return self.format in ("gift", "aiken")

    def fail(self, row: int, code: str, message: str) -> None:
        self.errors.append(QuestionError(row, message, code))


def _read(data: bytes, filename: str) -> tuple[str, list[Draft]]:
    if not data.strip():
        raise FileProblem("empty_file", _("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return "xlsx", read_workbook(data)
    if data[:8] == OLD_EXCEL_SIGNATURE:
        raise FileProblem(
            "old_xls", _("Old Excel files (.xls) are not supported; save the file as .xlsx.")
        )
    unknown = FileProblem(
        "unknown_format",
        _("The file is not an Excel workbook (.xlsx), a GIFT file or an Aiken file."),
    )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode": UTF-16 with a BOM
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise unknown from None
    if b"\x00" in data:
        raise unknown
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Notepad and Excel on Vietnamese Windows save text in code page 1258.
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise unknown from None
    text = unicodedata.normalize("NFC", text)
    extension = Path(filename).suffix.lower()
    if extension == ".gift" or (extension != ".aiken" and looks_like_gift(text)):
        return "gift", read_gift(text)
    if extension == ".aiken" or looks_like_aiken(text):
        return "aiken", read_aiken(text)
    raise unknown


def _difficulty_lookup() -> dict[str, str]:
    lookup = dict(DIFFICULTY_ALIASES)
    for value, title in DIFFICULTY_TITLES.items():
        lookup[fold(title)] = value
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[fold(str(value.label))] = value
    return lookup


def text_key(text: str) -> str:
    """Questions are the same if they differ only in spacing or case."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@dataclass
class _Valid:
    draft: Draft
    choices: list[tuple[str, str]]
    topic_key: str
    difficulty: str


@dataclass
class _Checker:
    """Validates drafts one by one against the bank and the drafts seen before."""

    report: BankImportReport
    topics: dict[str, Topic]
    existing: set[str]
    default_topic: str
    create_topics: bool
    new_topics: dict[str, str] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    difficulties: dict[str, str] = field(default_factory=_difficulty_lookup)

    def check(self, draft: Draft) -> _Valid | None:
        """The question to write, or None once its problems are reported."""
        fail = self.report.fail
        errors_before = len(self.report.errors)
        for code, message, row in draft.problems:
            fail(row, code, message)
        codes = {code for code, _message, _row in draft.problems}
        if codes & UNREADABLE_QUESTION:
            return None  # its choices would only add noise to the report
        self._check_text(draft)
        choices = [(letter, text) for letter, text in draft.choices if text]
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            fail(
                draft.row,
                "choice_count",
                _("A question needs %(min)d to %(max)d choices; this one has %(count)d.")
                % {"min": MIN_CHOICES, "max": MAX_CHOICES, "count": len(choices)},
            )
        by_key: dict[str, str] = {}
        for letter, text in choices:
            if len(text) > MAX_CHOICE:
                fail(
                    draft.row,
                    "choice_too_long",
                    _("Choice %(letter)s is longer than %(max)d characters.")
                    % {"letter": letter, "max": MAX_CHOICE},
                )
            if text_key(text) in by_key:
                fail(
                    draft.row,
                    "duplicate_choice",
                    _("Choice %(letter)s repeats choice %(other)s.")
                    % {"letter": letter, "other": by_key[text_key(text)]},
                )
            by_key.setdefault(text_key(text), letter)
        if not draft.correct and not codes & UNREADABLE_ANSWER:
            fail(draft.row, "no_correct", _("No correct answer is given."))
        for letter in draft.correct:
            if letter not in dict(choices):
                fail(
                    draft.row,
                    "correct_missing_choice",
                    _("The correct answer %(letter)s names an empty or missing choice.")
                    % {"letter": letter},
                )
        difficulty = Question.Difficulty.MEDIUM
        if draft.difficulty:
            difficulty = self.difficulties.get(fold(draft.difficulty))
        if difficulty is None:
            fail(
                draft.row,
                "unknown_difficulty",
                _("Unknown difficulty “%(value)s”. Use easy, medium or hard.")
                % {"value": draft.difficulty},
            )
        topic_key = self._check_topic(draft)
        if len(self.report.errors) > errors_before:
            return None
        return _Valid(draft, choices, topic_key, difficulty)

    def _check_text(self, draft: Draft) -> None:
        if not draft.text:
            self.report.fail(draft.row, "empty_text", _("The question text is empty."))
            return
        if len(draft.text) > MAX_TEXT:
            self.report.fail(
                draft.row,
                "text_too_long",
                _("The question text is longer than %(max)d characters.") % {"max": MAX_TEXT},
            )
        key = text_key(draft.text)
        if key in self.existing:
            self.report.fail(
                draft.row, "duplicate_in_bank", _("The same question is already in the bank.")
            )
        elif key in self.seen:
            if self.report.line_based:
                message = _("The same question already appears at line %(row)d.")
            else:
                message = _("The same question already appears in row %(row)d.")
            self.report.fail(draft.row, "duplicate_in_file", message % {"row": self.seen[key]})
        else:
            self.seen[key] = draft.row

    def _check_topic(self, draft: Draft) -> str:
        name = " ".join((draft.topic or self.default_topic).split())
        key = name.casefold()
        if not name:
            self.report.fail(
                draft.row,
                "no_topic",
                _("The question has no topic. Fill in the topic or choose a default topic."),
            )
        elif key in self.topics or key in self.new_topics:
            pass
        elif not self.create_topics:
            self.report.fail(
                draft.row,
                "unknown_topic",
                _("The bank has no topic “%(topic)s”. Add the topic first, or allow new topics.")
                % {"topic": name},
            )
        elif len(name) > MAX_TOPIC:
            self.report.fail(
                draft.row,
                "topic_too_long",
                _("The topic name is longer than %(max)d characters.") % {"max": MAX_TOPIC},
            )
        else:
            self.new_topics[key] = name
        return key


def questions_import(
    *,
    bank: Bank,
    data: bytes,
    filename: str,
    default_topic: str = "",
    create_topics: bool = False,
    actor=None,
) -> BankImportReport:
    """Validate every question of the file, then add all of them to the bank or none.

    Errors name the workbook row or the text line where the question starts (0 for
    the file as a whole). With `create_topics`, topics the bank lacks are created;
    otherwise they are errors. Nothing, topics included, is written when any error.
    """
    report = BankImportReport()
    if len(data) > MAX_BYTES:
        report.fail(0, "too_large", _("The file is larger than 5 MB."))
        return report
    try:
        report.format, drafts = _read(data, filename)
    except FileProblem as problem:
        report.fail(problem.row, problem.code, problem.message)
        return report
    report.questions = len(drafts)
    if not drafts:
        report.fail(0, "no_questions", _("No questions were found in the file."))
        return report
    if len(drafts) > MAX_QUESTIONS:
        report.fail(
            0,
            "too_many",
            _("The file has more than %(max)d questions.") % {"max": MAX_QUESTIONS},
        )
        return report

    with transaction.atomic():
        # Two imports into one bank at once must not both miss each other's duplicates.
        bank = Bank.objects.select_for_update().get(pk=bank.pk)
        checker = _Checker(
            report=report,
            topics={topic.name.casefold(): topic for topic in bank.topics.all()},
            existing={
                text_key(text) for text in bank.questions.current().values_list("text", flat=True)
            },
            default_topic=default_topic,
            create_topics=create_topics,
        )
        valid = [checker.check(draft) for draft in drafts]
        if not report.ok:
            return report
        for key, name in checker.new_topics.items():
            checker.topics[key] = Topic.objects.create(bank=bank, name=name)
            report.topics_created.append(name)
        questions = Question.objects.bulk_create(
            Question(
                bank=bank,
                topic=checker.topics[item.topic_key],
                text=item.draft.text,
                explanation=item.draft.explanation,
                difficulty=item.difficulty,
            )
            for item in valid
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                text=text,
                is_correct=letter in item.draft.correct,
                position=position,
            )
            for question, item in zip(questions, valid, strict=True)
            for position, (letter, text) in enumerate(item.choices)
        )
        report.created = len(questions)
        audit_record(
            actor=actor,
            action=Action.QUESTIONS_IMPORT,
            target=bank,
            changes={
                "file": Path(filename).name,
                "questions": report.created,
                "topics_created": report.topics_created,
            },
        )
    return report
