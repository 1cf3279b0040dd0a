import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contest.xlsx import XLSX_CONTENT_TYPE
from quizzes.models import Bank, Question, Topic
from quizzes.services.attempts import attempt_start
from quizzes.services.bank_xlsx import HEADER
from quizzes.services.questions import question_retire
from tests.factories import BankFactory, ParticipantFactory, TopicFactory, make_question, make_round

pytestmark = pytest.mark.django_db

PROCEDURES = "Thủ tục hành chính"


@pytest.fixture
def bank():
    return BankFactory(name="Ngân hàng CCHC 2026")


@pytest.fixture
def topic(bank):
    return TopicFactory(bank=bank, name=PROCEDURES)


@pytest.fixture
def question(topic):
    return make_question(topic, text="Cơ chế một cửa được quy định tại văn bản nào?")


@pytest.fixture
def staff(client, organizer):
    client.force_login(organizer)
    return client


def page_urls(bank, question) -> list[str]:
    return [
        reverse("quizzes:bank-list"),
        reverse("quizzes:bank-detail", args=[bank.pk]),
        reverse("quizzes:bank-import", args=[bank.pk]),
        reverse("quizzes:bank-export", args=[bank.pk]),
        reverse("quizzes:bank-template"),
        reverse("quizzes:question-create", args=[bank.pk]),
        reverse("quizzes:question-edit", args=[question.pk]),
    ]


def post_urls(bank, question) -> list[str]:
    return [
        reverse("quizzes:topic-create", args=[bank.pk]),
        reverse("quizzes:question-retire", args=[question.pk]),
        reverse("quizzes:question-restore", args=[question.pk]),
    ]


def form_data(topic, **fields) -> dict:
    data = {
        "topic": topic.pk,
        "text": "Nghị quyết nào ban hành Chương trình tổng thể CCHC 2021–2030?",
        "explanation": "Nghị quyết 76/NQ-CP ngày 15/7/2021.",
        "difficulty": "medium",
        "choice_a": "Nghị quyết 76/NQ-CP",
        "correct_a": "on",
        "choice_b": "Nghị quyết 30c/NQ-CP",
    }
    data.update(fields)
    return data


def xlsx_upload(rows, name="cau-hoi.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


GIFT = f"""\
$CATEGORY: $course$/top/{PROCEDURES}

::1:: Văn bản nào quy định cơ chế một cửa, một cửa liên thông? {{
  =Nghị định 61/2018/NĐ-CP
  ~Quyết định 93/2007/QĐ-TTg
  ~Nghị quyết 30c/NQ-CP
}}

$CATEGORY: $course$/top/Chỉ số

::2:: SIPAS là chỉ số gì? {{
  =Chỉ số hài lòng về sự phục vụ hành chính
  ~Chỉ số cải cách hành chính
}}
"""


# --- Who may open the pages ------------------------------------------------------------


def test_organizer_opens_every_bank_page(staff, bank, question):
    for url in page_urls(bank, question):
        assert staff.get(url).status_code == 200, url


def test_participant_is_refused_every_bank_page(client, participant, bank, question):
    client.force_login(participant.user)
    for url in page_urls(bank, question):
        assert client.get(url).status_code == 403, url
    for url in post_urls(bank, question):
        assert client.post(url).status_code == 403, url
    question.refresh_from_db()
    assert question.retired_at is None


def test_anonymous_visitor_is_sent_to_the_login_page(client, bank, question):
    login = reverse("account_login")
    for url in page_urls(bank, question) + post_urls(bank, question):
        response = client.post(url) if url in post_urls(bank, question) else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url


def test_organizer_home_links_to_the_question_banks(staff):
    html = staff.get(reverse("campaign:organizer-home")).content.decode()
    assert reverse("quizzes:bank-list") in html


# --- Banks and topics ------------------------------------------------------------------


def test_bank_list_shows_each_bank_with_its_questions_in_use_and_topics(staff, question, topic):
    question_retire(question=make_question(topic))
    response = staff.get(reverse("quizzes:bank-list"))
    bank = response.context["banks"].get(pk=topic.bank_id)
    assert bank.current_count == 1
    html = response.content.decode()
    assert "Ngân hàng CCHC 2026" in html and PROCEDURES in html


def test_organizer_creates_a_bank_and_lands_on_it(staff):
    response = staff.post(reverse("quizzes:bank-list"), {"name": "Ngân hàng tháng 10"})
    bank = Bank.objects.get()
    assert response["Location"] == reverse("quizzes:bank-detail", args=[bank.pk])


def test_a_second_bank_with_the_same_name_is_refused_on_the_form(staff, bank):
    response = staff.post(reverse("quizzes:bank-list"), {"name": "NGÂN HÀNG CCHC 2026"})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["name"][0].code == "duplicate_bank"
    assert Bank.objects.count() == 1


def test_organizer_adds_a_topic_and_a_duplicate_is_shown_on_the_bank_page(staff, bank, topic):
    url = reverse("quizzes:topic-create", args=[bank.pk])
    response = staff.post(url, {"topic-name": "Chính quyền số"})
    assert response.status_code == 302
    response = staff.post(url, {"topic-name": "thủ tục HÀNH CHÍNH"})
    assert response.status_code == 200
    assert response.context["topic_form"].errors.as_data()["name"][0].code == "duplicate_topic"
    assert "thủ tục HÀNH CHÍNH" in response.content.decode()
    assert sorted(bank.topics.values_list("name", flat=True)) == ["Chính quyền số", PROCEDURES]


def test_bank_page_groups_questions_by_topic_and_greys_retired_ones_with_restore(
    staff, bank, topic, question
):
    digital = TopicFactory(bank=bank, name="Chính quyền số")
    several = make_question(
        digital, correct=(0, 2), choices=5, text="Nền tảng nào là của Nhà nước?"
    )
    question_retire(question=question)
    response = staff.get(reverse("quizzes:bank-detail", args=[bank.pk]))
    groups = {group.topic.name: group.questions for group in response.context["groups"]}
    assert groups == {"Chính quyền số": [several], PROCEDURES: [question]}
    assert response.context["current_count"] == 1
    html = response.content.decode()
    assert 'class="retired"' in html
    assert reverse("quizzes:question-restore", args=[question.pk]) in html
    assert several.has_several_answers


# --- The question form -----------------------------------------------------------------


def test_organizer_adds_a_question_through_the_form(staff, bank, topic):
    response = staff.post(reverse("quizzes:question-create", args=[bank.pk]), form_data(topic))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.topic == topic
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Nghị quyết 76/NQ-CP", True),
        ("Nghị quyết 30c/NQ-CP", False),
    ]


def test_form_shows_everything_typed_again_with_the_problem(staff, bank, topic):
    data = form_data(topic, correct_a="", choice_c="Quyết định 225/QĐ-TTg", difficulty="hard")
    response = staff.post(reverse("quizzes:question-create", args=[bank.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.non_field_errors().as_data()] == ["no_correct"]
    html = response.content.decode()
    for value in (data["text"], data["explanation"], data["choice_b"], data["choice_c"]):
        assert value in html
    assert '<option value="hard" selected>' in html
    assert not Question.objects.exists()


def test_edit_form_starts_from_the_question_and_saves_in_place(staff, topic, question):
    url = reverse("quizzes:question-edit", args=[question.pk])
    form = staff.get(url).context["form"]
    assert form["text"].value() == question.text
    assert form["choice_d"].value() == "Phương án 4"
    assert form["correct_a"].value() is True
    response = staff.post(url, form_data(topic, text="Câu hỏi đã sửa?"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Câu hỏi đã sửa?"
    assert question.choices.count() == 2


def test_editing_a_question_drawn_in_an_open_round_is_refused_on_the_form(staff):
    round = make_round(questions_per_topic=(1,), bank_size=1)
    attempt_start(participant=ParticipantFactory(), round=round)
    question = Question.objects.get(bank=round.bank)
    url = reverse("quizzes:question-edit", args=[question.pk])
    assert staff.get(url).context["open_uses"][0].attempts == 1
    response = staff.post(url, form_data(question.topic, text="Câu hỏi đã sửa?"))
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
    assert codes == ["drawn_in_open_round"]
    assert "Câu hỏi đã sửa?" in response.content.decode()
    question.refresh_from_db()
    assert question.text != "Câu hỏi đã sửa?"


def test_retire_and_restore_buttons(staff, question):
    response = staff.post(reverse("quizzes:question-retire", args=[question.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.retired_at is not None
    staff.post(reverse("quizzes:question-restore", args=[question.pk]))
    question.refresh_from_db()
    assert question.retired_at is None


def test_retiring_warns_when_a_coming_round_can_no_longer_fill_its_topic(staff):
    round = make_round(title="Đợt 2", questions_per_topic=(2,), bank_size=2)
    question = Question.objects.filter(bank=round.bank).first()
    response = staff.post(reverse("quizzes:question-retire", args=[question.pk]), follow=True)
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "warning"]
    assert "Đợt 2" in response.content.decode()


def test_retire_and_restore_refuse_get(staff, question):
    assert staff.get(reverse("quizzes:question-retire", args=[question.pk])).status_code == 405


# --- Import and export -----------------------------------------------------------------


def test_import_of_a_bad_file_shows_the_report_and_imports_nothing(staff, bank, topic):
    upload = xlsx_upload(
        [
            HEADER,
            ["Câu hỏi đúng?", "Có", "Không", None, None, None, None, "A", PROCEDURES],
            ["Câu hỏi thiếu đáp án?", "Có", "Không", None, None, None, None, "", PROCEDURES],
        ]
    )
    response = staff.post(reverse("quizzes:bank-import", args=[bank.pk]), {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert [(e.row, e.code) for e in report.errors] == [(3, "no_correct")]
    assert not report.line_based
    html = response.content.decode()
    assert "<td>3</td>" in html
    assert not Question.objects.exists()


def test_import_of_a_good_gift_file_creates_questions_and_topics(staff, bank, topic):
    upload = SimpleUploadedFile("ngan-hang.gift", GIFT.encode())
    response = staff.post(
        reverse("quizzes:bank-import", args=[bank.pk]), {"file": upload, "create_topics": "on"}
    )
    assert response["Location"] == reverse("quizzes:bank-detail", args=[bank.pk])
    assert bank.questions.count() == 2
    assert sorted(Topic.objects.filter(bank=bank).values_list("name", flat=True)) == [
        "Chỉ số",
        PROCEDURES,
    ]


def test_import_of_an_aiken_file_uses_the_default_topic_and_names_lines(staff, bank, topic):
    good = "Ai công bố SIPAS?\nA. Bộ Nội vụ\nB. Bộ Tư pháp\nANSWER: A\n"
    text = good + "\nCâu thiếu đáp án?\nA. Có\nB. Không\n"
    url = reverse("quizzes:bank-import", args=[bank.pk])
    upload = SimpleUploadedFile("cau-hoi.txt", text.encode())
    response = staff.post(url, {"file": upload, "default_topic": topic.pk})
    assert response.context["report"].line_based
    assert not Question.objects.exists()
    upload = SimpleUploadedFile("cau-hoi.txt", good.encode())
    staff.post(url, {"file": upload, "default_topic": topic.pk})
    assert Question.objects.get().topic == topic


def test_import_without_a_file_asks_for_one(staff, bank):
    response = staff.post(reverse("quizzes:bank-import", args=[bank.pk]), {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_export_downloads_the_bank_as_an_xlsx_workbook(staff, bank, question):
    response = staff.get(reverse("quizzes:bank-export", args=[bank.pk]))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == question.text


def test_template_downloads_as_an_xlsx_workbook(staff):
    response = staff.get(reverse("quizzes:bank-template"))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert list(next(book.worksheets[0].iter_rows(values_only=True))) == HEADER
