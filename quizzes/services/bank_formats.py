"""Readers for question text files (Moodle GIFT and Aiken) and what all readers share.

Each reader turns a file into drafts, one per question, numbered by the row or
line where the question starts. Readers only report what they cannot read;
whether a draft makes a valid question is decided by `bank_io`.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from contest.services.units import fold


class FileProblem(Exception):
    """The file as a whole cannot be read; `row` is 0, or 1 for the header row."""

    def __init__(self, code: str, message: str, row: int = 0):
        super().__init__(message)
        self.code, self.message, self.row = code, message, row


@dataclass
class Draft:
    row: int  # the spreadsheet row, or the line where the question starts
    text: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)
    correct: list[str] = field(default_factory=list)  # letters
    topic: str = ""
    explanation: str = ""
    difficulty: str = ""  # as written; blank means medium
    problems: list[tuple[str, str, int]] = field(default_factory=list)  # (code, message, row)

    def problem(self, code: str, message: str, *, row: int = 0) -> None:
        """A problem at `row`, or at the question's own row when 0."""
        self.problems.append((code, message, row or self.row))


def clean(text: str) -> str:
    """NFC (cp1258 and macOS write tone marks apart), lines trimmed, one blank line at most."""
    text = unicodedata.normalize("NFC", text)
    lines = "\n".join(line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines).strip()


def letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"#{index + 1}"


def parse_letters(value: str, draft: Draft) -> list[str]:
    """'B', 'A, C', 'a;c' or 'AC' -> letters; anything else is reported on the draft."""
    letters = []
    for token in re.split(r"[\s,;/+&]+", str(value).strip().upper()):
        if not token:
            continue
        if not re.fullmatch(r"[A-Z]+", token):
            draft.problem(
                "bad_correct",
                _("The correct answer “%(value)s” cannot be read; write letters such as B or A, C.")
                % {"value": value},
            )
            return []
        letters.extend(c for c in token if c not in letters)
    return letters


# --------------------------------------------------------------------- GIFT
# Moodle's format (docs.moodle.org/en/GIFT_format): questions are separated by blank
# lines, each has one answer block in braces, and a brace meant as text is escaped.

# Escaped characters become private-use code points while parsing, then come back.
_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003",
            "\\{": "\ue004", "\\}": "\ue005", "\\:": "\ue006", "\\n": "\ue007"}  # fmt: skip
_RESTORE = str.maketrans(
    {
        "\ue000": "\\",
        "\ue001": "~",
        "\ue002": "=",
        "\ue003": "#",
        "\ue004": "{",
        "\ue005": "}",
        "\ue006": ":",
        "\ue007": "\n",
    }  # fmt: skip
)
_FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|markdown|plain)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:[.,]\d+)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
# The bank is in Vietnamese: these are the choices' content, not interface text.
TRUE_FALSE_CHOICES = ("Đúng", "Sai")
# Reader problems after which a question's choices are not worth checking.
UNREADABLE = frozenset(
    {
        "no_answer_block",
        "unclosed_brace",
        "brace_in_answers",
        "stray_brace",
        "second_answer_block",
        "unsupported_type",
        "bad_answers",
    }
)


def _escape(text: str) -> str:
    return re.sub(r"\\[\\~=#{}:n]", lambda m: _ESCAPES[m.group()], text)


def _restore(text: str, *, markup: bool = False) -> str:
    text = _FORMAT_TAG.sub("", text).translate(_RESTORE)
    if markup:  # Moodle exports every question as [html]<p>...</p>; keep the words only
        text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.IGNORECASE)
        text = html.unescape(strip_tags(text)).replace("\xa0", " ")
    return clean(text)


def looks_like_gift(text: str) -> bool:
    text = _escape(text)
    return bool(
        re.search(r"^\s*(::|\$CATEGORY:)", text, re.MULTILINE)
        or re.search(r"\{[^{}]*[=~][^{}]*\}", text)
        or re.search(r"\{\s*(T|F|TRUE|FALSE)\s*(#[^{}]*)?\}", text, re.IGNORECASE)
    )


def _gift_blocks(text: str):
    """Each blank-line separated block as (line number, line) pairs, comments left out.

    A blank line always ends a question, as in Moodle, so an unclosed brace is a fault
    of its own question instead of swallowing the questions after it.
    """
    block: list[tuple[int, str]] = []
    for number, line in enumerate(_escape(text).splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _brace_message(code: str, opened: int) -> str:
    if code == "unclosed_brace":
        return _(
            "The “{” on this line is never closed: end the answers with “}” before the "
            "blank line, or write \\{ for a brace in the text."
        )
    if code == "brace_in_answers":
        return _(
            "A “{” inside the answers opened at line %(line)d: close those answers with "
            "“}” first, or write \\{ for a brace in the text."
        ) % {"line": opened}
    if code == "stray_brace":
        return _("A “}” without an opening “{”: write \\} for a brace in the text.")
    return _("A question has one answer block in braces: write \\{ and \\} for braces in the text.")


def _gift_split(text: str, offset: int, numbers: list[int], draft: Draft):
    """The text before, inside and after the answer block, or None once a fault is reported.

    `numbers` are the file's line numbers of the block's lines; an unescaped brace
    anywhere but around the one answer block is a fault at its own line.
    """
    before, inside, after = 0, 1, 2
    parts: tuple[list[str], list[str], list[str]] = ([], [], [])
    where, index, opened, extra = before, text.count("\n", 0, offset), 0, 0
    faults: list[tuple[int, str]] = []
    for char in text[offset:]:
        code = ""
        if char == "{" and where == before:
            where, opened = inside, numbers[index]
        elif char == "}" and where == inside:
            where = after
        elif char == "{":
            code = "brace_in_answers" if where == inside else "second_answer_block"
            extra += where == after
        elif char == "}" and extra:  # it closes a second block, reported at its "{"
            extra -= 1
        elif char == "}":
            code = "stray_brace"
        else:
            parts[where].append(char)
            index += char == "\n"
        if code and (numbers[index], code) not in faults:
            faults.append((numbers[index], code))
    if where == inside:
        faults.append((opened, "unclosed_brace"))
    for row, code in sorted(faults):
        draft.problem(code, _brace_message(code, opened), row=row)
    if faults:
        return None
    if where == before:
        draft.problem("no_answer_block", _("The answers must be written between braces { and }."))
        return None
    return tuple("".join(part) for part in parts)


def _gift_kind(inside: str) -> str:
    """The question type, told apart in the order Moodle's importer uses."""
    if not inside:
        return "essay"
    if inside.startswith("#"):
        return "numerical"
    if "~" in inside:
        return "multiple_choice"
    if "=" in inside and "->" in inside:
        return "matching"
    if inside.split("#", 1)[0].strip().upper() in _TRUE_FALSE:
        return "true_false"
    return "short_answer" if "=" in inside else "unreadable"


def _unsupported(kind: str) -> str:
    if kind == "essay":
        return _(
            "Essay questions (empty braces) cannot be imported: only multiple-choice and "
            "true/false questions can."
        )
    if kind == "numerical":
        return _(
            "Numerical questions ({#…}) cannot be imported: only multiple-choice and "
            "true/false questions can."
        )
    if kind == "matching":
        return _(
            "Matching questions (->) cannot be imported: only multiple-choice and "
            "true/false questions can."
        )
    return _(
        "Short-answer questions (only = answers) cannot be imported: add wrong answers "
        "with ~ to make it a multiple-choice question."
    )


def _gift_answers(inside: str, draft: Draft, markup: bool) -> None:
    inside, _sep, general = inside.partition("####")
    general = _restore(general, markup=markup)
    inside = inside.strip()
    kind = _gift_kind(inside)
    bad_answers = _(
        "The answers cannot be read: start each answer with = (right) or ~ (wrong), "
        "or write T or F for a true/false question."
    )
    if kind == "true_false":
        # {T#shown to a wrong answer#shown to a right one}: the first explains the key.
        answer, *feedback = inside.split("#", 2)
        right = 0 if _TRUE_FALSE[answer.strip().upper()] else 1
        draft.choices = [(letter(i), text) for i, text in enumerate(TRUE_FALSE_CHOICES)]
        draft.correct = [letter(right)]
        feedback = [_restore(part, markup=markup) for part in feedback]
        draft.explanation = general or next((part for part in feedback if part), "")
        return
    if kind == "unreadable":
        draft.problem("bad_answers", bad_answers)
        return
    if kind != "multiple_choice":
        draft.problem("unsupported_type", _unsupported(kind))
        return
    first, *answers = re.split(r"(?=[=~])", inside)
    if first.strip():
        draft.problem("bad_answers", bad_answers)
        return
    feedback = []
    for index, answer in enumerate(answers):
        body, _hash, note = answer[1:].partition("#")
        weight = _WEIGHT.match(body)
        if weight:
            body = body[weight.end() :]
            correct = float(weight.group(1).replace(",", ".")) > 0
        else:
            correct = answer[0] == "="
        draft.choices.append((letter(index), _restore(body, markup=markup)))
        if correct:
            draft.correct.append(letter(index))
            feedback.append(_restore(note, markup=markup))
    # The model keeps one explanation: the general feedback, else what the right answers say.
    draft.explanation = general or "\n".join(dict.fromkeys(note for note in feedback if note))


def _gift_question(lines: list[tuple[int, str]], topic: str) -> Draft:
    numbers = [number for number, _line in lines]
    draft = Draft(row=numbers[0], topic=topic)
    text = "\n".join(line for _number, line in lines)
    title = re.match(r"\s*::.*?::", text, re.DOTALL)
    split = _gift_split(text, title.end() if title else 0, numbers, draft)
    if split is None:
        return draft
    before, inside, after = split
    tag = _FORMAT_TAG.match(before)
    markup = bool(tag) and tag.group(1).lower() == "html"
    before, after = before.strip(), after.strip()
    # Missing-word questions put the answers inside the sentence.
    draft.text = _restore(f"{before} _____ {after}" if after else before, markup=markup)
    _gift_answers(inside, draft, markup)
    return draft


def read_gift(text: str) -> list[Draft]:
    """Drafts numbered by line; a $CATEGORY line sets the topic of the questions after it.

    Faults name their own line: an unclosed or stray brace, an answer block of a type
    other than multiple choice or true/false (Đúng / Sai).
    """
    drafts, topic = [], ""
    for lines in _gift_blocks(text):
        first = lines[0][1].strip()
        if first.startswith("$CATEGORY:"):
            path = first.removeprefix("$CATEGORY:").strip().rstrip("/")
            topic = " ".join(_restore(path.rsplit("/", 1)[-1]).split())
            lines = lines[1:]
            if not lines:
                continue
        drafts.append(_gift_question(lines, topic))
    return drafts


# -------------------------------------------------------------------- Aiken

_AIKEN_CHOICE = re.compile(r"^([A-Z])\s*[.)](?:\s+(.*))?$")
_AIKEN_ANSWER = re.compile(r"^(answer|dap an)\s*:(.*)$")


def _aiken_answer(line: str) -> str | None:
    """The letters of an 'ANSWER: B' (or 'Đáp án: B') line, None for any other line."""
    match = _AIKEN_ANSWER.match(fold(line))
    return line.split(":", 1)[1] if match else None


def looks_like_aiken(text: str) -> bool:
    return any(_aiken_answer(line) is not None for line in text.splitlines())


def read_aiken(text: str) -> list[Draft]:
    """Drafts numbered by line; Aiken has no topics, so the importer's default applies."""
    drafts: list[Draft] = []
    draft: Draft | None = None

    def finish(answered: bool) -> None:
        if not answered:
            draft.problem("no_answer_line", _("The question has no ANSWER line."))
        draft.choices = [(c, clean(t)) for c, t in draft.choices]
        draft.text = clean(draft.text)
        drafts.append(draft)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if draft is not None:
                finish(answered=False)
                draft = None
            continue
        if draft is None:
            draft = Draft(row=number, text=line)
            continue
        answer = _aiken_answer(line)
        choice = _AIKEN_CHOICE.match(line)
        if answer is not None:
            draft.correct = parse_letters(answer, draft)
            finish(answered=True)
            draft = None
        elif choice:
            if choice.group(1) in dict(draft.choices):
                draft.problem(
                    "duplicate_letter",
                    _("Choice %(letter)s is written twice.") % {"letter": choice.group(1)},
                )
            draft.choices.append((choice.group(1), choice.group(2) or ""))
        elif draft.choices:  # a long choice wrapped onto the next line
            letter_, previous = draft.choices[-1]
            draft.choices[-1] = (letter_, f"{previous} {line}")
        else:
            draft.text += "\n" + line
    if draft is not None:
        finish(answered=False)
    return drafts
