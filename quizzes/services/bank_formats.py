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
    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, message)

    def problem(self, code: str, message: str) -> None:
        self.problems.append((code, message))


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
_TRUE_FALSE = re.compile(r"(T|F|TRUE|FALSE)\s*(#.*)?", re.IGNORECASE | re.DOTALL)


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
    )


def _gift_blocks(text: str):
    """(first line number, lines) per blank-line separated block, comments left out."""
    start, lines, depth = 0, [], 0
    for number, line in enumerate(_escape(text).splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip() and depth <= 0:
            if lines:
                yield start, lines
            start, lines, depth = 0, [], 0
            continue
        if not lines:
            start = number
        lines.append(line)
        depth += line.count("{") - line.count("}")
    if lines:
        yield start, lines


def _gift_answers(inside: str, draft: Draft, markup: bool) -> None:
    inside, _sep, general = inside.partition("####")
    draft.explanation = _restore(general, markup=markup)
    inside = inside.strip()
    not_supported = ("not_multiple_choice", _("Only multiple-choice questions are supported."))
    # Essay {}, numeric {#...} and true/false {T} questions.
    if not inside or inside.startswith("#") or _TRUE_FALSE.fullmatch(inside):
        draft.problem(*not_supported)
        return
    parts = re.split(r"(?=[=~])", inside)
    answers = [(part[0], part[1:]) for part in parts if part[:1] in ("=", "~")]
    # Only "=" answers is short answer; "->" pairs are matching.
    if parts[0].strip() or not any(mark == "~" for mark, _body in answers):
        draft.problem(*not_supported)
        return
    if any("->" in body for _mark, body in answers):
        draft.problem(*not_supported)
        return
    for index, (mark, body) in enumerate(answers):
        body = body.split("#", 1)[0]  # per-choice feedback is not kept
        weight = _WEIGHT.match(body)
        if weight:
            body = body[weight.end() :]
            correct = float(weight.group(1).replace(",", ".")) > 0
        else:
            correct = mark == "="
        draft.choices.append((letter(index), _restore(body, markup=markup)))
        if correct:
            draft.correct.append(letter(index))


def _gift_question(start: int, lines: list[str], topic: str) -> Draft:
    draft = Draft(row=start, topic=topic)
    text = "\n".join(lines).strip()
    title = re.match(r"::.*?::", text, re.DOTALL)
    if title:
        text = text[title.end() :]
    tag = _FORMAT_TAG.match(text)
    markup = bool(tag) and tag.group(1).lower() == "html"
    opening, closing = text.find("{"), text.find("}", text.find("{") + 1)
    if opening < 0 or closing < 0:
        draft.text = _restore(text)
        draft.problem("no_answer_block", _("The answers must be written between braces { and }."))
        return draft
    before, after = text[:opening].strip(), text[closing + 1 :].strip()
    # Missing-word questions put the answers inside the sentence.
    draft.text = _restore(f"{before} _____ {after}" if after else before, markup=markup)
    _gift_answers(text[opening + 1 : closing], draft, markup)
    return draft


def read_gift(text: str) -> list[Draft]:
    """Drafts numbered by line; a $CATEGORY line sets the topic of the questions after it."""
    drafts, topic = [], ""
    for start, lines in _gift_blocks(text):
        if lines[0].strip().startswith("$CATEGORY:"):
            path = lines[0].strip().removeprefix("$CATEGORY:").strip().rstrip("/")
            topic = " ".join(_restore(path.rsplit("/", 1)[-1]).split())
            start, lines = start + 1, lines[1:]
            if not lines:
                continue
        drafts.append(_gift_question(start, lines, topic))
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
