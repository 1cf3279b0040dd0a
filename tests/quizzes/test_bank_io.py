import io
import unicodedata

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from quizzes.models import Bank, Choice, Question, Topic
from quizzes.services.bank_io import (
    MAX_QUESTIONS,
    bank_export_workbook,
    questions_import,
    questions_template_workbook,
)
from quizzes.services.bank_xlsx import HEADER, TEMPLATE_TOPICS
from tests.factories import BankFactory, TopicFactory, make_question

pytestmark = pytest.mark.django_db

PROCEDURES = "Thủ tục hành chính"
DIGITAL = "Chính quyền số"


@pytest.fixture
def bank():
    bank = BankFactory(name="Ngân hàng CCHC 2025")
    TopicFactory(bank=bank, name=PROCEDURES)
    TopicFactory(bank=bank, name=DIGITAL)
    return bank


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    return book_bytes(book)


def book_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters with their hat or horn, tone marks combining."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONE_MARKS))
        tones = "".join(m for m in marks if m in TONE_MARKS)
        out += (base + tones).encode("cp1258")
    return out


def snapshot(bank) -> list[tuple]:
    """What an import must preserve, in a form that compares across banks."""
    return [
        (
            q.topic.name,
            q.text,
            [(c.text, c.is_correct) for c in q.choices.all()],
            q.explanation,
            q.difficulty,
        )
        for q in bank.questions.current().select_related("topic").order_by("id")
    ]


def problems(report) -> set[tuple[int, str]]:
    return {(error.row, error.code) for error in report.errors}


def import_xlsx(bank, rows, **options):
    return questions_import(bank=bank, data=xlsx(rows), filename="cau-hoi.xlsx", **options)


def import_text(bank, text, filename="cau-hoi.txt", **options):
    return questions_import(bank=bank, data=text.encode(), filename=filename, **options)


# --- Formats ---------------------------------------------------------------------------


def test_xlsx_with_vietnamese_headers_imports_single_and_multiple_answers(bank):
    report = import_xlsx(
        bank,
        [
            HEADER,
            ["Một cửa điện tử là gì?", "Hệ thống thông tin", "Trụ sở", None, None, None, None,
             "A", PROCEDURES, "Theo Nghị định 61/2018/NĐ-CP.", "Dễ"],
            ["Những dịch vụ nào là dịch vụ công trực tuyến toàn trình?", "Cấp phiếu lý lịch",
             "Đăng ký khai sinh", "Công chứng", None, None, None, "A,B", DIGITAL, None, "khó"],
        ],
    )  # fmt: skip
    assert report.ok, report.errors
    assert (report.format, report.questions, report.created) == ("xlsx", 2, 2)
    assert snapshot(bank) == [
        (PROCEDURES, "Một cửa điện tử là gì?", [("Hệ thống thông tin", True), ("Trụ sở", False)],
         "Theo Nghị định 61/2018/NĐ-CP.", "easy"),
        (DIGITAL, "Những dịch vụ nào là dịch vụ công trực tuyến toàn trình?",
         [("Cấp phiếu lý lịch", True), ("Đăng ký khai sinh", True), ("Công chứng", False)],
         "", "hard"),
    ]  # fmt: skip
    assert bank.questions.get(topic__name=DIGITAL).has_several_answers


def test_xlsx_with_english_headers_skips_empty_choices_and_reads_letters_together(bank):
    report = import_xlsx(
        bank,
        [
            ["Question", "a", "b", "c", "d", "Correct", "Topic", "Difficulty"],
            ["Cổng Dịch vụ công quốc gia ra mắt năm nào?", 2018, 2019, None, 2020, "bd",
             "thủ tục hành chính", None],
        ],
    )  # fmt: skip
    assert report.ok, report.errors
    question = bank.questions.get()
    assert question.topic.name == PROCEDURES  # topic names match without regard to case
    assert question.difficulty == Question.Difficulty.MEDIUM
    assert [(c.text, c.is_correct, c.position) for c in question.choices.all()] == [
        ("2018", False, 0),
        ("2019", True, 1),
        ("2020", True, 2),
    ]


GIFT = """\
// Ngân hàng câu hỏi cải cách hành chính
$CATEGORY: $course$/top/Thủ tục hành chính

::TTHC 1:: Thời hạn giải quyết thủ tục được tính theo ngày \\{làm việc\\} hay ngày lịch? {
  =Ngày làm việc#Đúng
  ~Ngày lịch#Sai
  ~Ngày nghỉ \\= ngày lễ
  ####Theo Luật Ban hành văn bản quy phạm pháp luật.
}

$CATEGORY: $course$/top/Chính quyền số

// nhiều đáp án đúng
::CĐS::[html]Nền tảng nào thuộc Chính phủ số\\: {
  ~%50%VNeID
  ~%50%Cổng Dịch vụ công quốc gia
  ~%-100%Mạng xã hội
}
"""


def test_gift_file_imports_categories_escapes_weights_and_general_feedback(bank):
    report = import_text(bank, GIFT, filename="ngan-hang.gift")
    assert report.ok, report.errors
    assert (report.format, report.created) == ("gift", 2)
    assert snapshot(bank) == [
        (PROCEDURES, "Thời hạn giải quyết thủ tục được tính theo ngày {làm việc} hay ngày lịch?",
         [("Ngày làm việc", True), ("Ngày lịch", False), ("Ngày nghỉ = ngày lễ", False)],
         "Theo Luật Ban hành văn bản quy phạm pháp luật.", "medium"),
        (DIGITAL, "Nền tảng nào thuộc Chính phủ số:",
         [("VNeID", True), ("Cổng Dịch vụ công quốc gia", True), ("Mạng xã hội", False)],
         "", "medium"),
    ]  # fmt: skip


def test_gift_is_recognised_by_content_in_a_txt_file_and_uses_the_default_topic(bank):
    text = "Đơn vị nào tiếp nhận hồ sơ? {=Bộ phận Một cửa ~Văn thư ~Bảo vệ}\n"
    report = import_text(bank, text, filename="Cau hoi.TXT", default_topic=PROCEDURES)
    assert report.ok, report.errors
    assert report.format == "gift"
    assert bank.questions.get().topic.name == PROCEDURES


def test_gift_exported_by_moodle_keeps_the_words_not_the_html(bank):
    text = (
        "// question: 41  name: Q41\n"
        f"$CATEGORY: $course$/top/Mặc định/{PROCEDURES}/\n\n"
        "::Q41::[html]<p>Hồ sơ nộp <b>trực tuyến</b> có giá trị&nbsp;như bản giấy?</p>{\n"
        "\t=<p>Có &amp; được</p>\n\t~<p>Không</p>\n\t####<p>Nghị định 45/2020.</p>\n}\n"
    )
    report = import_text(bank, text, filename="moodle.txt")
    assert report.ok, report.errors
    assert snapshot(bank) == [
        (PROCEDURES, "Hồ sơ nộp trực tuyến có giá trị như bản giấy?",
         [("Có & được", True), ("Không", False)], "Nghị định 45/2020.", "medium"),
    ]  # fmt: skip


AIKEN = """\
Cơ quan nào chủ trì công bố chỉ số cải cách hành chính cấp tỉnh?
A. Sở Nội vụ
B. Bộ Nội vụ
C) Văn phòng Chính phủ
ANSWER: B

Những nội dung nào thuộc cải cách hành chính giai đoạn 2021–2030?
A. Cải cách thể chế
B. Cải cách tư pháp
C. Cải cách tài chính công
D. Xây dựng Chính phủ điện tử, Chính phủ số
ANSWER: A, C, D
"""


def test_aiken_file_imports_with_the_default_topic_and_several_answers(bank):
    report = import_text(bank, AIKEN, default_topic=DIGITAL)
    assert report.ok, report.errors
    assert (report.format, report.created) == ("aiken", 2)
    first, second = snapshot(bank)
    assert first == (
        DIGITAL,
        "Cơ quan nào chủ trì công bố chỉ số cải cách hành chính cấp tỉnh?",
        [("Sở Nội vụ", False), ("Bộ Nội vụ", True), ("Văn phòng Chính phủ", False)],
        "",
        "medium",
    )
    assert [correct for _text, correct in second[2]] == [True, False, True, True]


def test_aiken_saved_by_vietnamese_windows_notepad_is_read(bank):
    report = questions_import(
        bank=bank, data=to_cp1258(AIKEN), filename="aiken.txt", default_topic=PROCEDURES
    )
    assert report.ok, report.errors
    assert bank.questions.filter(text__startswith="Cơ quan nào chủ trì").exists()


# --- Errors, each with its row or line --------------------------------------------------


def test_each_bad_row_is_named_and_nothing_is_imported(bank):
    topic = bank.topics.get(name=PROCEDURES)
    make_question(topic, text="Câu hỏi đã có trong ngân hàng?")
    four = ["Phương án 1", "Phương án 2", "Phương án 3", "Phương án 4", None, None]
    rows = [
        HEADER,
        ["Câu hỏi tốt?", *four, "A", PROCEDURES, None, None],  # 2
        [None, *four, "A", PROCEDURES, None, None],  # 3
        ["Chỉ một phương án?", "Có", None, None, None, None, None, "A", PROCEDURES, None, None],
        ["Không có đáp án?", *four, None, PROCEDURES, None, None],  # 5
        ["Đáp án ô trống?", "Có", "Không", None, None, None, None, "C", PROCEDURES, None, None],
        ["Phương án trùng?", "Có", "Không", " có ", None, None, None, "A", PROCEDURES, None, None],
        ["Chủ đề lạ?", *four, "A", "Chủ đề không có", None, None],  # 8
        ["  CÂU HỎI   tốt? ", *four, "B", PROCEDURES, None, None],  # 9
        ["câu hỏi đã có trong ngân hàng?", *four, "A", PROCEDURES, None, None],  # 10
        ["Dài" * 1000, *four, "A", PROCEDURES, None, None],  # 11
        ["Phương án dài?", "x" * 501, "y", None, None, None, None, "A", PROCEDURES, None, None],
        ["Mức độ lạ?", *four, "A", PROCEDURES, None, "rất khó"],  # 13
        ["Đáp án số?", *four, "1", PROCEDURES, None, None],  # 14
        [],  # 15: blank rows keep the numbering Excel shows
        ["Đáp án G?", *four, "A, G", PROCEDURES, None, None],  # 16
    ]
    report = import_xlsx(bank, rows)
    assert not report.ok
    assert problems(report) == {
        (3, "empty_text"),
        (4, "choice_count"),
        (5, "no_correct"),
        (6, "correct_missing_choice"),
        (7, "duplicate_choice"),
        (8, "unknown_topic"),
        (9, "duplicate_in_file"),
        (10, "duplicate_in_bank"),
        (11, "text_too_long"),
        (12, "choice_too_long"),
        (13, "unknown_difficulty"),
        (14, "bad_correct"),
        (16, "correct_missing_choice"),
    }
    duplicate = next(e for e in report.errors if e.code == "duplicate_in_file")
    assert "2" in duplicate.message
    assert all(error.message for error in report.errors)
    assert bank.questions.count() == 1


def test_missing_topic_without_a_default_is_an_error(bank):
    report = import_text(bank, AIKEN)
    assert problems(report) == {(1, "no_topic"), (7, "no_topic")}


def test_more_than_six_choices_is_an_error_at_the_question_line(bank):
    choices = "\n".join(f"{letter}. Phương án {letter}" for letter in "ABCDEFG")
    text = f"{AIKEN}\nCâu hỏi bảy phương án?\n{choices}\nANSWER: A\n"
    report = import_text(bank, text, default_topic=PROCEDURES)
    assert problems(report) == {(14, "choice_count")}
    assert bank.questions.count() == 0


def test_aiken_problems_name_the_line_where_the_question_starts(bank):
    text = (
        "Câu thiếu đáp án?\nA. Có\nB. Không\n\n"  # 1
        "Câu đáp án ngoài phương án?\nA. Có\nB. Không\nANSWER: D\n\n"  # 5
        "Câu trùng chữ cái?\nA. Có\nA. Không\nANSWER: A\n"  # 10
    )
    report = import_text(bank, text, default_topic=PROCEDURES)
    assert report.format == "aiken"
    assert problems(report) == {
        (1, "no_answer_line"),
        (5, "correct_missing_choice"),
        (10, "duplicate_letter"),
    }


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tên viết tắt của dịch vụ công? {=DVC =DVCTT}", "Short-answer"),
        ("Năm ban hành Nghị định 61? {#2018:0}", "Numerical"),
        ("Ghép cặp. {=Một cửa -> Tiếp nhận =Kho bạc -> Thu phí}", "Matching"),
        ("Nêu ý kiến của anh chị về cải cách hành chính. {}", "Essay"),
    ],
    ids=["short-answer", "numeric", "matching", "essay"],
)
def test_gift_questions_of_other_types_are_refused_naming_the_type(bank, question, kind):
    text = f"// đầu tệp\n$CATEGORY: {PROCEDURES}\n\n::Tốt::Câu tốt? {{=Có ~Không}}\n\n{question}\n"
    with translation.override("en"):
        report = import_text(bank, text, filename="x.gift")
    assert problems(report) == {(6, "unsupported_type")}
    assert report.errors[0].message.startswith(kind)
    assert bank.questions.count() == 0


@pytest.mark.parametrize(
    ("answers", "right", "explanation"),
    [
        ("{T#Sai: cơ chế này đã bắt buộc.}", "Đúng", "Sai: cơ chế này đã bắt buộc."),
        ("{TRUE#Xem lại Nghị định 61.#Chính xác.}", "Đúng", "Xem lại Nghị định 61."),
        ("{F#Chưa đúng: chỉ là khuyến khích.}", "Sai", "Chưa đúng: chỉ là khuyến khích."),
        ("{FALSE##Chính xác, chỉ là khuyến khích.}", "Sai", "Chính xác, chỉ là khuyến khích."),
        ("{false#Sai.####Theo Nghị định 61/2018/NĐ-CP.}", "Sai", "Theo Nghị định 61/2018/NĐ-CP."),
    ],
    ids=["T", "TRUE", "F", "FALSE", "lower-case-with-general-feedback"],
)
def test_gift_true_false_imports_as_dung_and_sai_with_feedback_as_explanation(
    bank, answers, right, explanation
):
    # A .txt file: true/false answers alone are enough to recognise GIFT.
    text = f"Cơ chế một cửa là bắt buộc\\: {answers}\n"
    report = import_text(bank, text, default_topic=PROCEDURES)
    assert report.ok, report.errors
    assert (report.format, report.created) == ("gift", 1)
    assert snapshot(bank) == [
        (PROCEDURES, "Cơ chế một cửa là bắt buộc:",
         [("Đúng", right == "Đúng"), ("Sai", right == "Sai")], explanation, "medium"),
    ]  # fmt: skip


UNCLOSED = """\
Cơ chế nào tiếp nhận hồ sơ tại một nơi? {
=Một cửa
~Hai cửa

Cơ quan nào chủ trì cải cách hành chính? {=Sở Nội vụ ~Sở Tư pháp}

Thời hạn tính theo ngày nào? {
=Ngày làm việc
~Ngày lịch
}
"""


@pytest.mark.parametrize(
    ("header", "options", "faults"),
    [
        ("", {"default_topic": PROCEDURES}, {(1, "unclosed_brace")}),
        (f"$CATEGORY: {PROCEDURES}\n\n", {}, {(3, "unclosed_brace")}),
        ("", {}, {(1, "unclosed_brace"), (5, "no_topic"), (7, "no_topic")}),
    ],
    ids=["default-topic", "category", "no-topic"],
)
def test_gift_unclosed_brace_is_refused_at_its_line_and_swallows_no_question(
    bank, header, options, faults
):
    report = import_text(bank, header + UNCLOSED, filename="x.gift", **options)
    assert problems(report) == faults
    assert report.questions == 3
    assert bank.questions.count() == 0


@pytest.mark.parametrize(
    ("question", "faults"),
    [
        ("Câu hỏi? {=Có} ~Không}", {(3, "stray_brace")}),
        ("Câu hỏi} nào? {=Có ~Không}", {(3, "stray_brace")}),
        ("Câu hỏi? {=Có\n~Không {rõ}", {(4, "brace_in_answers")}),
        ("Câu hỏi? {=Có ~Không}\n{=A ~B}", {(4, "second_answer_block")}),
        ("Câu 1? {=Có ~Không\n// chú thích\nCâu 2? {=Có ~Không",
         {(3, "unclosed_brace"), (5, "brace_in_answers")}),
    ],
    ids=["stray-in-answers", "stray-in-text", "open-in-answers", "second-block", "no-blank-line"],
)  # fmt: skip
def test_gift_unescaped_brace_is_refused_at_its_line(bank, question, faults):
    text = f"$CATEGORY: {PROCEDURES}\n\n{question}\n\nCâu tốt? {{=Có ~Không}}\n"
    report = import_text(bank, text, filename="x.gift")
    assert problems(report) == faults
    assert all(error.message for error in report.errors)
    assert bank.questions.count() == 0


def test_gift_escaped_braces_are_text_in_question_choice_and_feedback(bank):
    text = (
        f"$CATEGORY: {PROCEDURES}\n\n"
        "Mẫu \\{họ tên\\} điền ở đâu? {\n"
        "=Ô \\{1\\}#Ô \\{1\\} ở đầu tờ khai.\n"
        "~Ô 2\\}\n"
        "}\n"
    )
    report = import_text(bank, text, filename="x.gift")
    assert report.ok, report.errors
    assert snapshot(bank) == [
        (PROCEDURES, "Mẫu {họ tên} điền ở đâu?", [("Ô {1}", True), ("Ô 2}", False)],
         "Ô {1} ở đầu tờ khai.", "medium"),
    ]  # fmt: skip


def test_gift_feedback_on_the_right_answers_is_kept_as_the_explanation(bank):
    text = (
        f"$CATEGORY: {PROCEDURES}\n\n"
        "Thứ tự giải quyết hồ sơ? {\n"
        "=Tiếp nhận -> Thẩm định -> Trả kết quả#Theo Nghị định 61/2018/NĐ-CP.\n"
        "~Thẩm định -> Tiếp nhận#Sai thứ tự.\n"
        "}\n\n"
        "Nền tảng nào thuộc Chính phủ số? {\n"
        "~%50%VNeID#Định danh điện tử.\n"
        "~%50%Cổng Dịch vụ công quốc gia#Nộp hồ sơ trực tuyến.\n"
        "~%-100%Mạng xã hội#Không phải nền tảng của Nhà nước.\n"
        "}\n"
    )
    report = import_text(bank, text, filename="x.gift")
    assert report.ok, report.errors
    assert [explanation for _t, _q, _c, explanation, _d in snapshot(bank)] == [
        "Theo Nghị định 61/2018/NĐ-CP.",
        "Định danh điện tử.\nNộp hồ sơ trực tuyến.",
    ]
    assert snapshot(bank)[0][2] == [
        ("Tiếp nhận -> Thẩm định -> Trả kết quả", True),
        ("Thẩm định -> Tiếp nhận", False),
    ]


def test_gift_file_with_several_faults_reports_each_at_its_line_and_imports_nothing(bank):
    text = (
        f"$CATEGORY: {PROCEDURES}\n\n"
        "Câu tốt? {=Có ~Không}\n\n"  # 3
        "Câu không đóng ngoặc? {\n=Có\n~Không\n\n"  # 5
        "Câu không có đáp án đúng? {~Có ~Không}\n\n"  # 9
        "Câu chỉ có trọng số không dương? {~%0%Có ~%-50%Không}\n\n"  # 11
        "Ghép cặp. {=A -> B =C -> D}\n\n"  # 13
        "Câu có ngoặc} lạc? {=Có ~Không}\n\n"  # 15
        "Câu đúng sai? {T#Sai.}\n"  # 17
    )
    report = import_text(bank, text, filename="x.gift", create_topics=True)
    assert problems(report) == {
        (5, "unclosed_brace"),
        (9, "no_correct"),
        (11, "no_correct"),
        (13, "unsupported_type"),
        (15, "stray_brace"),
    }
    assert report.questions == 7
    assert bank.questions.count() == 0


def test_gift_question_without_braces_and_duplicate_are_named_by_line(bank):
    text = (
        f"$CATEGORY: {PROCEDURES}\n\n"
        "Câu tốt? {=Có ~Không}\n\n"  # 3
        "Câu không có phương án?\n\n"  # 5
        "// chú thích\n"
        "câu  TỐT? {\n=Có\n~Không\n}\n"  # 8
    )
    report = import_text(bank, text, filename="x.gift")
    assert problems(report) == {(5, "no_answer_block"), (8, "duplicate_in_file")}
    assert "3" in next(e.message for e in report.errors if e.code == "duplicate_in_file")


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "x.xlsx", "empty_file"),
        (b"\n  \n", "x.txt", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "anh.png", "unknown_format"),
        ("Chỉ là một đoạn văn bản.\n".encode(), "x.txt", "unknown_format"),
        (b"PK\x03\x04 this is not really a workbook", "x.xlsx", "unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "x.xls", "old_xls"),
        (b"// only comments\n", "x.gift", "no_questions"),
        (b"x" * (5 * 1024 * 1024 + 1), "x.txt", "too_large"),
    ],
    ids=["empty", "blank", "image", "prose", "broken-xlsx", "old-xls", "nothing", "too-large"],
)
def test_unreadable_file_gives_one_error_for_the_whole_file(bank, data, filename, code):
    report = questions_import(bank=bank, data=data, filename=filename)
    assert problems(report) == {(0, code)}
    assert report.errors[0].message


def test_workbook_without_question_column_is_refused_at_the_header_row(bank):
    report = import_xlsx(
        bank, [[], ["Nội dung khác", "A", "B", "Đáp án đúng"], ["x", "1", "2", "A"]]
    )
    assert problems(report) == {(2, "missing_column")}


def test_workbook_with_only_a_header_has_no_questions(bank):
    assert problems(import_xlsx(bank, [HEADER])) == {(0, "no_questions")}


def test_more_than_the_maximum_number_of_questions_is_refused(bank):
    text = "".join(f"Câu {n}?\nA. Có\nB. Không\nANSWER: A\n\n" for n in range(MAX_QUESTIONS + 1))
    report = import_text(bank, text, default_topic=PROCEDURES)
    assert problems(report) == {(0, "too_many")}
    assert bank.questions.count() == 0


# --- All or nothing, topics -------------------------------------------------------------


def test_error_in_the_last_question_leaves_the_bank_unchanged_topics_included(bank):
    before = snapshot(bank), sorted(bank.topics.values_list("name", flat=True))
    blank = [None] * 4
    rows = [HEADER] + [
        [f"Câu hỏi số {n}?", "Có", "Không", *blank, "A", f"Chủ đề mới {n}"] for n in range(5)
    ]
    rows[-1][7] = None  # the last question has no correct answer
    report = import_xlsx(bank, rows, create_topics=True)
    assert problems(report) == {(6, "no_correct")}
    assert (snapshot(bank), sorted(bank.topics.values_list("name", flat=True))) == before
    assert report.created == 0 and report.topics_created == []


def test_create_topics_creates_each_new_topic_once(bank):
    rows = [
        HEADER,
        ["Câu 1?", "Có", "Không", None, None, None, None, "A", "Cải cách công vụ", None, None],
        ["Câu 2?", "Có", "Không", None, None, None, None, "B", "CẢI CÁCH CÔNG VỤ", None, None],
        ["Câu 3?", "Có", "Không", None, None, None, None, "B", PROCEDURES, None, None],
    ]
    report = import_xlsx(bank, rows, create_topics=True)
    assert report.ok, report.errors
    assert report.topics_created == ["Cải cách công vụ"]
    assert bank.topics.filter(name="Cải cách công vụ").get().questions.count() == 2
    assert Topic.objects.filter(bank=bank).count() == 3


def test_retired_questions_are_neither_duplicates_nor_exported(bank):
    topic = bank.topics.get(name=PROCEDURES)
    make_question(topic, text="Câu cũ?")
    Question.objects.update(retired_at=timezone.now())
    assert bank_export_workbook(bank=bank).active.max_row == 1
    report = import_xlsx(
        bank, [HEADER, ["Câu cũ?", "Có", "Không", None, None, None, None, "A", PROCEDURES]]
    )
    assert report.ok, report.errors


# --- Template, export, round trip -------------------------------------------------------


def test_template_has_vietnamese_columns_a_guide_and_imports_as_it_is():
    book = questions_template_workbook()
    assert [cell.value for cell in book.active[1]] == HEADER
    assert book.sheetnames[1] == "Hướng dẫn"
    bank = BankFactory()
    for name in TEMPLATE_TOPICS:
        TopicFactory(bank=bank, name=name)
    report = questions_import(bank=bank, data=book_bytes(book), filename="mau.xlsx")
    assert report.ok, report.errors
    assert report.created == 2
    assert [q.has_several_answers for q in bank.questions.order_by("id")] == [False, True]


def test_export_imports_back_into_an_empty_bank_unchanged(bank):
    import_text(bank, GIFT, filename="x.gift")
    import_text(bank, AIKEN, default_topic=PROCEDURES)
    question = bank.questions.order_by("id").first()
    question.explanation = "Đoạn một.\n\nĐoạn hai."
    question.difficulty = Question.Difficulty.HARD
    question.save()
    data = book_bytes(bank_export_workbook(bank=bank))

    empty = BankFactory()
    report = questions_import(bank=empty, data=data, filename="xuat.xlsx", create_topics=True)
    assert report.ok, report.errors
    assert report.created == 4
    assert sorted(snapshot(empty)) == sorted(snapshot(bank))


def test_export_neutralises_formulas_and_the_import_removes_only_that_quote(bank):
    topic = bank.topics.get(name=PROCEDURES)
    question = Question.objects.create(
        bank=bank, topic=topic, text='=HYPERLINK("http://x.invalid","Bấm vào đây")'
    )
    Choice.objects.create(question=question, text="-1", is_correct=True, position=0)
    Choice.objects.create(question=question, text="@Sở Nội vụ", position=1)
    Choice.objects.create(question=question, text="'trích dẫn'", position=2)

    sheet = bank_export_workbook(bank=bank).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x.invalid","Bấm vào đây")'
    assert (sheet["B2"].value, sheet["C2"].value, sheet["D2"].value) == (
        "'-1",
        "'@Sở Nội vụ",
        "'trích dẫn'",  # not formula-like: left alone both ways
    )
    again = BankFactory()
    data = book_bytes(sheet.parent)
    report = questions_import(bank=again, data=data, filename="x.xlsx", create_topics=True)
    assert report.ok, report.errors
    assert snapshot(again) == snapshot(bank)  # no quote kept, so none doubled on re-export
    assert bank_export_workbook(bank=again).active["A2"].value == sheet["A2"].value


# --- Management command -----------------------------------------------------------------


def test_command_imports_into_a_new_bank_and_prints_counts(tmp_path, capsys):
    path = tmp_path / "cau-hoi.txt"
    path.write_text(AIKEN, encoding="utf-8")
    call_command(
        "import_questions", str(path), "--bank", "Ngân hàng mới", "--topic", PROCEDURES,
        "--create-topics", "--create-bank",
    )  # fmt: skip
    bank = Bank.objects.get(name="Ngân hàng mới")
    assert bank.questions.count() == 2
    assert "2 questions" in capsys.readouterr().out


def test_command_fails_loudly_and_creates_nothing(tmp_path, capsys, bank):
    path = tmp_path / "bad.gift"
    path.write_text(f"$CATEGORY: {PROCEDURES}\n\nCâu? {{~Có ~Không}}\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_questions", str(path), "--bank", "Khác", "--create-bank")
    assert "line 3:" in capsys.readouterr().err
    assert not Bank.objects.filter(name="Khác").exists()
    with pytest.raises(CommandError, match="create-bank"):
        call_command("import_questions", str(path), "--bank", "Không có")
