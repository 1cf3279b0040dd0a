"""Oversized bodies and files in the wrong encoding get a clear Vietnamese answer, never a trace."""

import io
import random

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contest.models import Banner, Participant, Unit
from contest.services.banner_import import banners_import
from contest.services.units import units_import
from quizzes.models import Question
from quizzes.services.bank_io import questions_import
from tests.factories import BankFactory, TopicFactory
from tests.quizzes.test_bank_io import to_cp1258

pytestmark = pytest.mark.django_db


# --- Oversized and unreadable requests ----------------------------------------------------
def test_a_body_past_djangos_limit_gets_a_vietnamese_413_in_the_layout(client, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(user)
    response = client.post(reverse("contest:profile-edit"), {"full_name": "A" * 20_000})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Gửi quá nhiều dữ liệu một lần" in page and "9,8\xa0KB" in page
    assert 'class="site-header"' in page  # the site's layout, not a bare error
    assert "Traceback" not in page
    assert not Participant.objects.exists()


def test_too_many_fields_get_the_same_page(client, user, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client.force_login(user)
    data = {f"field{i}": "x" for i in range(60)}
    response = client.post(reverse("contest:profile-edit"), data)
    assert response.status_code == 413
    assert "Gửi quá nhiều dữ liệu một lần" in response.content.decode()


def test_another_bad_request_says_it_could_not_be_read(client):
    response = client.get("/", HTTP_HOST="ke-gia-mao.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không đọc được yêu cầu" in page and "Traceback" not in page


# --- Import files in the wrong encoding or not text at all ------------------------------
# Fixed bytes (no chance of a BOM or a zip header by luck): a picture's start, noise, and
# bytes no Windows code page defines.
BINARY = b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4000) + b"\x81\x8d\x8f"
CORRUPT_XLSX = b"PK\x03\x04" + random.Random(8).randbytes(2000)
UNITS_CSV = 'Tên đơn vị,Loại đơn vị,Số người\nSở Tư pháp,"Sở, ban, ngành",45\n'
BANNERS_CSV = "Tên và địa điểm,Trỏ đến,Đang dùng\nChợ nổi Ngã Bảy – bến tàu,trang chủ,có\n"


def unit_count_after(data: bytes):
    report = units_import(data=data)
    return report, Unit.objects.count()


@pytest.mark.parametrize("data", [BINARY, CORRUPT_XLSX], ids=["binary", "corrupt-xlsx"])
def test_units_import_refuses_unreadable_files_and_imports_nothing(data):
    report, count = unit_count_after(data)
    assert not report.ok and count == 0
    assert report.errors[0].row == 0
    assert "tệp" in report.errors[0].message.lower()


@pytest.mark.parametrize(
    "encode",
    [to_cp1258, lambda text: text.encode("utf-16"), lambda text: text.encode("utf-8-sig")],
    ids=["cp1258", "utf-16", "utf-8-bom"],
)
def test_units_import_reads_the_encodings_excel_writes(encode):
    report = units_import(data=encode(UNITS_CSV))
    assert report.ok, report.errors
    assert Unit.objects.get().name == "Sở Tư pháp"  # no mojibake


@pytest.mark.parametrize("data", [BINARY, CORRUPT_XLSX], ids=["binary", "corrupt-xlsx"])
def test_banner_import_refuses_unreadable_files_and_imports_nothing(data):
    report = banners_import(data=data)
    assert not report.ok and not Banner.objects.exists()
    assert report.errors[0].row == 0


@pytest.mark.parametrize(
    "encode", [to_cp1258, lambda text: text.encode("utf-16")], ids=["cp1258", "utf-16"]
)
def test_banner_import_reads_the_encodings_excel_writes(encode):
    report = banners_import(data=encode(BANNERS_CSV))
    assert report.ok, report.errors
    assert Banner.objects.get().name == "Chợ nổi Ngã Bảy – bến tàu"


GIFT = "::Q1:: Nghị quyết 76/NQ-CP ban hành năm nào? {=2021 ~2011 ~2016}\n"
AIKEN = "Cơ chế một cửa được quy định tại?\nA. Nghị định 61/2018\nB. Luật Đất đai\nANSWER: A\n"


@pytest.mark.parametrize("filename", ["cau-hoi.xlsx", "cau-hoi.gift", "cau-hoi.txt"])
@pytest.mark.parametrize("data", [BINARY, CORRUPT_XLSX], ids=["binary", "corrupt-xlsx"])
def test_question_import_refuses_unreadable_files_and_imports_nothing(data, filename):
    bank = BankFactory()
    report = questions_import(bank=bank, data=data, filename=filename, create_topics=True)
    assert not report.ok
    assert report.errors[0].code in {"unknown_format", "unreadable"}
    assert not Question.objects.exists() and not bank.topics.exists()


@pytest.mark.parametrize(
    "text,filename", [(GIFT, "q.gift"), (AIKEN, "q.txt")], ids=["gift", "aiken"]
)
@pytest.mark.parametrize(
    "encode", [to_cp1258, lambda text: text.encode("utf-16")], ids=["cp1258", "utf-16"]
)
def test_question_import_reads_text_files_in_windows_encodings(text, filename, encode):
    topic = TopicFactory(name="Thể chế")
    report = questions_import(
        bank=topic.bank, data=encode(text), filename=filename, default_topic="Thể chế"
    )
    assert report.ok, report.errors
    question = Question.objects.get()
    assert question.text in text and "?" in question.text


@pytest.mark.parametrize(
    ("url_name", "field", "args"),
    [
        ("contest:unit-import", "file", []),
        ("contest:banner-import", "file", []),
        ("quizzes:bank-import", "file", None),
    ],
)
def test_import_pages_answer_a_binary_file_with_the_reason(
    client, organizer, url_name, field, args
):
    client.force_login(organizer)
    if args is None:
        args = [BankFactory().pk]
    upload = SimpleUploadedFile("danh-sach.xlsx", BINARY, content_type="application/octet-stream")
    response = client.post(reverse(url_name, args=args), {field: upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp không phải" in page or "Không đọc được tệp" in page
    assert not Unit.objects.exists() and not Banner.objects.exists()
    assert not Question.objects.exists()


def test_an_exported_bank_imports_back_with_formula_like_text_unchanged(client, organizer):
    """The export neutralises "=…" with an apostrophe; importing it back must not keep it."""
    topic = TopicFactory(name="Tài chính công")
    question = Question.objects.create(bank=topic.bank, topic=topic, text="=1+1 bằng mấy?")
    for position, text in enumerate(["-2", "@2"]):
        question.choices.create(text=text, is_correct=position == 0, position=position)
    client.force_login(organizer)
    data = client.get(reverse("quizzes:bank-export", args=[topic.bank.pk])).content
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(data)).active.values for c in row]
    assert "'=1+1 bằng mấy?" in cells
    target = BankFactory()
    report = questions_import(bank=target, data=data, filename="x.xlsx", create_topics=True)
    assert report.ok, report.errors
    copy = target.questions.get()
    assert copy.text == "=1+1 bằng mấy?"
    assert sorted(copy.choices.values_list("text", flat=True)) == ["-2", "@2"]
