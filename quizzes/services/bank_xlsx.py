"""The question workbook: one layout for the template, the export and the import.

Keeping the three together is what lets an exported bank import back unchanged.
"""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from contest.services.units import fold
from contest.xlsx import FORMULA_PREFIXES, append_row
from quizzes.models import Bank, Question
from quizzes.services.bank_formats import Draft, FileProblem, clean, parse_letters

LETTERS = "ABCDEF"
HEADER = ["Câu hỏi", *LETTERS, "Đáp án đúng", "Chủ đề", "Giải thích", "Mức độ"]
WIDTHS = [60, 26, 26, 26, 26, 20, 20, 14, 32, 50, 12]
SHEET_TITLE = "Câu hỏi"
GUIDE_TITLE = "Hướng dẫn"
DIFFICULTY_TITLES = {
    Question.Difficulty.EASY: "Dễ",
    Question.Difficulty.MEDIUM: "Trung bình",
    Question.Difficulty.HARD: "Khó",
}

# Accepted column titles (compared without case or diacritics).
COLUMNS = {
    "question": ["cau hoi", "noi dung cau hoi", "noi dung", "question", "question text"],
    **{
        c.lower(): [
            c.lower(),
            f"phuong an {c.lower()}",
            f"dap an {c.lower()}",
            f"lua chon {c.lower()}",
            f"choice {c.lower()}",
            f"option {c.lower()}",
        ]
        for c in LETTERS
    },
    "correct": ["dap an dung", "dap an", "correct", "correct answer", "answer", "answers"],
    "topic": ["chu de", "linh vuc", "topic", "category"],
    "explanation": ["giai thich", "explanation", "feedback", "general feedback"],
    "difficulty": ["muc do", "do kho", "difficulty", "level"],
}
# Titles named in the message when a required column is missing: the template's own.
REQUIRED_COLUMNS = {"question": "Câu hỏi", "a": "A", "b": "B", "correct": "Đáp án đúng"}

TEMPLATE_TOPICS = ["Cải cách thủ tục hành chính", "Chương trình tổng thể cải cách hành chính"]
TEMPLATE_ROWS = [
    [
        "Cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính hiện nay "
        "được quy định tại văn bản nào?",
        "Nghị định số 61/2018/NĐ-CP của Chính phủ",
        "Nghị định số 63/2010/NĐ-CP của Chính phủ",
        "Nghị quyết số 30c/NQ-CP của Chính phủ",
        "Luật Tổ chức chính quyền địa phương",
        None,
        None,
        "A",
        TEMPLATE_TOPICS[0],
        "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một "
        "cửa, một cửa liên thông trong giải quyết thủ tục hành chính.",
        "Dễ",
    ],
    [
        "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 gồm những "
        "nội dung nào sau đây? (Chọn tất cả phương án đúng)",
        "Cải cách thể chế",
        "Cải cách tài chính công",
        "Cải cách tư pháp",
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
        None,
        None,
        "A, B, D",
        TEMPLATE_TOPICS[1],
        "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ nêu 6 nội dung: cải cách thể "
        "chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy; cải cách chế độ công vụ; "
        "cải cách tài chính công; xây dựng và phát triển Chính phủ điện tử, Chính phủ số.",
        "Trung bình",
    ],
]
GUIDE_ROWS = [
    ["Cột", "Cách điền"],
    ["Câu hỏi", "Nội dung câu hỏi (bắt buộc, tối đa 2.000 ký tự). Mỗi dòng là một câu hỏi."],
    ["A, B, C, D, E, F", "Các phương án trả lời: ít nhất 2, nhiều nhất 6, mỗi phương án tối "
     "đa 500 ký tự. Cột không dùng thì để trống; các phương án không được trùng nhau."],
    ["Đáp án đúng", "Chữ cái của phương án đúng, ví dụ: B. Câu có nhiều đáp án đúng thì ghi "
     "các chữ cái cách nhau bằng dấu phẩy, ví dụ: A, C."],
    ["Chủ đề", "Tên chủ đề đã có trong ngân hàng câu hỏi. Để trống thì dùng chủ đề mặc định "
     "chọn khi nhập."],
    ["Giải thích", "Không bắt buộc: căn cứ hoặc giải thích đáp án, hiển thị khi công bố đáp án."],
    ["Mức độ", "Dễ, Trung bình hoặc Khó. Để trống được tính là Trung bình."],
    [],
    ["Lưu ý", "Dòng đầu tiên là tên cột, giữ nguyên. Không trùng câu hỏi trong tệp hoặc với "
     "câu hỏi đã có trong ngân hàng. Mỗi tệp tối đa 2.000 câu hỏi và 5 MB."],
    ["", "Nếu có bất kỳ lỗi nào, hệ thống không nhập câu nào và liệt kê lỗi theo số dòng "
     "để sửa rồi nhập lại cả tệp."],
]  # fmt: skip


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    # Exports quote text that a spreadsheet would run (contest.xlsx.safe_cell); undo it
    # so that an export imports back unchanged instead of gaining a quote each time.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return clean(text)


def read_workbook(data: bytes) -> list[Draft]:
    """Drafts from the first sheet, numbered by spreadsheet row."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise FileProblem(
            "unreadable", _("The workbook could not be read. Save it again as .xlsx.")
        ) from error
    # Blank rows are skipped but not renumbered: errors must name the row Excel shows.
    numbered = []
    for number, row in enumerate(rows, start=1):
        cells = [_cell_text(value) for value in row]
        if any(cells):
            numbered.append((number, cells))
    if not numbered:
        raise FileProblem("empty_file", _("The file is empty."))
    header_row, header = numbered[0]
    titles = [fold(title) for title in header]
    columns = {
        key: next((i for i, title in enumerate(titles) if title in accepted), None)
        for key, accepted in COLUMNS.items()
    }
    for key, title in REQUIRED_COLUMNS.items():
        if columns[key] is None:
            raise FileProblem(
                "missing_column",
                _("The first row must name the columns; no “%(column)s” column was found.")
                % {"column": title},
                row=header_row,
            )

    drafts = []
    for number, row in numbered[1:]:

        def cell(key, row=row):
            index = columns[key]
            return row[index] if index is not None and index < len(row) else ""

        draft = Draft(
            row=number,
            text=cell("question"),
            choices=[(c, cell(c.lower())) for c in LETTERS],
            topic=cell("topic"),
            explanation=cell("explanation"),
            difficulty=cell("difficulty"),
        )
        draft.correct = parse_letters(cell("correct"), draft)
        drafts.append(draft)
    return drafts


def _questions_book(rows) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    append_row(sheet, HEADER)
    for row in rows:
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip(sheet.iter_cols(max_row=1), WIDTHS, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = width
    sheet.freeze_panes = "A2"

    guide = book.create_sheet(GUIDE_TITLE)
    for row in GUIDE_ROWS:
        append_row(guide, row)
    guide["A1"].font = guide["B1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 100
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


def questions_template_workbook() -> openpyxl.Workbook:
    """The .xlsx organizers download, fill in and import: two examples and a guide sheet."""
    return _questions_book(TEMPLATE_ROWS)


def bank_export_workbook(*, bank: Bank) -> openpyxl.Workbook:
    """Every current question of the bank, in the template's columns."""
    questions = bank.questions.current().select_related("topic").prefetch_related("choices")
    rows = []
    for question in questions:
        # The layout holds six choices; the importer never creates more.
        choices = list(question.choices.all())[: len(LETTERS)]
        texts = [choice.text for choice in choices] + [None] * (len(LETTERS) - len(choices))
        correct = ", ".join(LETTERS[i] for i, choice in enumerate(choices) if choice.is_correct)
        rows.append(
            [
                question.text,
                *texts,
                correct,
                question.topic.name,
                question.explanation or None,
                DIFFICULTY_TITLES.get(question.difficulty, question.difficulty),
            ]
        )
    return _questions_book(rows)
