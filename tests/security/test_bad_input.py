"""Oversized bodies and files in the wrong encoding get a clear Vietnamese answer, never a trace."""

import io
import random

import openpyxl
import pytest
from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from banners.forms import BannerForm
from banners.models import Banner
from banners.services.banners import banner_save
from banners.services.imports import banners_import
from contest.forms import ParticipantForm
from contest.models import Participant, Unit
from contest.numbers import AsciiIntegerField
from contest.services.units import units_import
from gallery.forms import CriterionFormSet, GalleryConfigForm
from gallery.views import SEED_COOKIE
from quizzes.forms import QuotaForm, RoundForm
from quizzes.models import Question
from quizzes.services.attempts import attempt_start
from quizzes.services.bank_io import questions_import
from tests.factories import BankFactory, ParticipantFactory, TopicFactory, make_round
from tests.gallery.conftest import _private_root, gallery  # noqa: F401 (fixtures)
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
        ("banners:banner-import", "file", []),
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


# --- Numbers that are not ASCII ------------------------------------------------------------
# "²".isdigit() is True and int("²") raises: each of these was a 500. "٣" and "１" are read
# by int() as 3 and 1; they are refused too, as is a number too big for the database.
SUPERSCRIPT = "²"
NUMBER_REFUSED = "Không đọc được một số trong yêu cầu"
ITEM_REFUSED = "Không đọc được số chỉ mục trong yêu cầu"


@pytest.fixture
def lenient():
    """A test client that answers a 500 instead of raising the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def attempt(lenient):
    participant = ParticipantFactory()
    lenient.force_login(participant.user)
    return attempt_start(participant=participant, round=make_round())


def test_an_answer_at_position_superscript_two_is_refused_with_400(lenient, attempt):
    url = reverse("quizzes:attempt-answer", args=[attempt.token])
    response = lenient.post(url, {"position": SUPERSCRIPT, "choice": "A"})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_question" and response.json()["message"]
    assert not attempt.items.exclude(selected=[]).exists()


@pytest.mark.parametrize("value", [SUPERSCRIPT, "٣", "9" * 5000])
def test_a_prediction_not_in_ascii_digits_is_refused_with_400_on_autosave(lenient, attempt, value):
    url = reverse("quizzes:attempt-answer", args=[attempt.token])
    response = lenient.post(url, {"prediction": value})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_prediction"
    attempt.refresh_from_db()
    assert attempt.prediction is None


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"position=%C2%B2&choice=A", b"application/x-www-form-urlencoded", 400),
        (b"a&" * 8000, b"application/x-www-form-urlencoded", 413),  # past Django's field limit
        (b"position=1", b"application/x-www-form-urlencoded; charset=latin-1", 400),
        (b"--zz\r\nposition", b"multipart/form-data; boundary=zz", 400),
    ],
    ids=["superscript", "too-many-fields", "latin-1", "broken-multipart"],
)
def test_the_answer_save_answers_what_django_refuses_in_json_instead_of_crashing(
    lenient, attempt, body, content_type, status
):
    """The page's script reads JSON: a body Django refuses is a JSON 400 or 413, never a 500."""
    url = reverse("quizzes:attempt-answer", args=[attempt.token])
    response = lenient.generic("POST", url, body, content_type=content_type.decode())
    assert response.status_code == status
    assert response["Content-Type"] == "application/json" and response.json()["message"]
    assert not attempt.items.exclude(selected=[]).exists()


def test_finishing_with_prediction_superscript_two_says_why_and_keeps_the_attempt_open(
    lenient, attempt
):
    url = reverse("quizzes:attempt-review", args=[attempt.token])
    response = lenient.post(url, {"prediction": SUPERSCRIPT})
    # The finish form shows its error in place (200), as for any other unreadable prediction.
    assert response.status_code == 200
    assert "số dự đoán là số nguyên" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.finished_at is None


def test_the_question_page_refuses_q_superscript_two_with_400(lenient, attempt):
    url = reverse("quizzes:attempt-detail", args=[attempt.token])
    response = lenient.get(url, {"q": SUPERSCRIPT})
    assert response.status_code == 400
    page = response.content.decode()
    assert NUMBER_REFUSED in page and 'class="site-header"' in page


@pytest.mark.usefixtures("gallery")
def test_a_gallery_order_cookie_of_superscript_two_is_replaced_not_a_500(lenient):
    lenient.cookies[SEED_COOKIE] = SUPERSCRIPT
    response = lenient.get(reverse("gallery:index"))
    # Not the visitor's typing: a 400 would last as long as the cookie, so a new order replaces it.
    assert response.status_code == 200
    assert response.cookies[SEED_COOKIE].value.isascii()
    assert 0 < int(response.cookies[SEED_COOKIE].value) < 2**31


@pytest.fixture
def organizer_client(lenient, organizer):
    lenient.force_login(organizer)
    return lenient


def test_the_posters_zip_refuses_banner_superscript_two_with_400(organizer_client):
    banner = banner_save(banner=Banner(name="Chợ nổi – bến tàu", target="page", path="/"))
    url = reverse("banners:banner-posters-zip")
    response = organizer_client.get(url, {"banner": [banner.pk, SUPERSCRIPT]})
    assert response.status_code == 400
    assert ITEM_REFUSED in response.content.decode()


def test_the_banner_list_refuses_days_superscript_two_with_400(organizer_client):
    response = organizer_client.get(reverse("banners:banner-list"), {"days": SUPERSCRIPT})
    assert response.status_code == 400
    assert "từ 1 đến 365" in response.content.decode()


def test_a_new_question_for_topic_superscript_two_is_refused_with_400(organizer_client):
    url = reverse("quizzes:question-create", args=[TopicFactory().bank.pk])
    response = organizer_client.get(url, {"topic": SUPERSCRIPT})
    assert response.status_code == 400
    assert ITEM_REFUSED in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"), [("minutes", SUPERSCRIPT), ("accounts", "٣")], ids=["minutes", "accounts"]
)
@pytest.mark.usefixtures("gallery")
def test_the_vote_clusters_page_refuses_numbers_not_in_ascii_digits(organizer_client, field, value):
    response = organizer_client.get(reverse("gallery:votes"), {field: value})
    assert response.status_code == 400
    assert NUMBER_REFUSED in response.content.decode()


@pytest.mark.usefixtures("gallery")
@pytest.mark.parametrize("voter", [SUPERSCRIPT, "9" * 30], ids=["superscript", "huge"])
def test_voiding_a_cluster_with_an_unreadable_voter_is_refused_with_400(organizer_client, voter):
    response = organizer_client.post(
        reverse("gallery:cluster-void"), {"voter": voter, "ip_hash": "x", "reason": "Trùng"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("headcount", [SUPERSCRIPT, "٣", "1" + "0" * 20], ids=str)
def test_a_headcount_not_in_ascii_digits_is_an_error_of_its_row(headcount):
    data = f"Tên đơn vị,Số người\nSở Tư pháp,45\nSở Y tế,{headcount}\n".encode()
    report = units_import(data=data)
    assert not report.ok
    assert [error.row for error in report.errors] == [3]
    assert report.errors[0].message.startswith("Số người")
    assert not Unit.objects.exists()


def test_a_round_numbered_superscript_two_in_a_banner_import_is_an_error_of_its_row():
    make_round()
    data = f"Tên và địa điểm,Đợt thi\nChợ nổi – bến tàu,{SUPERSCRIPT}\n".encode()
    report = banners_import(data=data)
    assert not report.ok
    assert [error.row for error in report.errors] == [2]
    assert SUPERSCRIPT in report.errors[0].message
    assert not Banner.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/b/AB%00CD",
        "/bai-thi/abc%00def/",
        "/bai-thi/abc%00def/nop-bai/",
        "/thu-vien/?q=a%00b",
    ],
)
def test_a_nul_character_in_the_address_gets_400_with_a_message(url):
    # PostgreSQL cannot compare text holding NUL: a look-up by code or token was a 500 there.
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert "Địa chỉ có ký tự không được phép." in response.content.decode()


@pytest.mark.parametrize("text", ["٣", "１", "²", "3.0", "9" * 40])
def test_form_integer_fields_refuse_digits_that_are_not_ascii(text):
    # Django's IntegerField reads "٣" and "１" as 3 and 1: a score or count nobody typed.
    field = AsciiIntegerField(required=False)
    with pytest.raises(ValidationError):
        field.clean(text)
    assert field.clean(" 7 ") == 7 and field.clean("") is None


def test_every_integer_field_of_the_site_forms_is_ascii_only():
    forms = [BannerForm, ParticipantForm, GalleryConfigForm, RoundForm, QuotaForm]
    forms.append(CriterionFormSet.form)
    integer_fields = [
        (form.__name__, name)
        for form in forms
        for name, field in form.base_fields.items()
        if isinstance(field, django_forms.IntegerField)
    ]
    assert integer_fields, "the forms have integer fields"
    assert [
        (form.__name__, name)
        for form in forms
        for name, field in form.base_fields.items()
        if isinstance(field, django_forms.IntegerField) and not isinstance(field, AsciiIntegerField)
    ] == []
