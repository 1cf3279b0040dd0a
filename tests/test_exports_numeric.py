"""Every organizer export: Vietnamese sheet names with their diacritics, and numbers, shares,
durations and times in typed cells with number formats, never as text."""

import io
import re
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner
from banners.services.banners import banner_save
from banners.services.checks import banner_check_record
from gallery.services.jury import review_save
from gallery.services.votes import vote_cast
from quizzes.models import Round
from quizzes.services.ranking import round_close
from tests.factories import ParticipantFactory, make_round
from tests.gallery.conftest import gallery, juror, make_poem  # noqa: F401 (fixtures)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db
# Text that is really a number, a share, a duration or a time ("5/5", "1:15", "85%",
# "12/09/2025 07:00", "3.5"). Identifiers with a leading zero (phones) stay text.
LOOKS_NUMERIC = re.compile(r"^(?!0\d)[\d.,:/%\s]*\d[\d.,:/%\s]*$")


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


def download(desk, name, *args) -> openpyxl.Workbook:
    response = desk.get(reverse(name, args=args))
    assert response.status_code == 200, response
    return openpyxl.load_workbook(io.BytesIO(response.content))


def numbers_as_text(book) -> list[tuple[str, str, str]]:
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and LOOKS_NUMERIC.match(cell.value)
    ]


def column(sheet, title: str, *, header_row: int = 1) -> list:
    """The cells under the header `title`."""
    header = [cell.value for cell in sheet[header_row]]
    index = header.index(title)
    return [row[index] for row in sheet.iter_rows(min_row=header_row + 1)]


def closed_round(**fields) -> Round:
    now = timezone.now()
    round = make_round(
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prediction=Round.Prediction.PERFECT,
        prizes_first=1,
        **fields,
    )
    take(
        round,
        ParticipantFactory(phone="0912345678"),
        start=round.opens_at,
        seconds=75,
        prediction=2,
    )
    take(round, ParticipantFactory(), start=round.opens_at, seconds=600, wrong=1, prediction=1)
    round_close(round=round)
    return round


def test_round_ranking_has_scores_durations_and_times_as_typed_cells(desk):
    round = closed_round()
    book = download(desk, "quizzes:round-ranking-export", round.pk)
    assert book.sheetnames == ["Bảng xếp hạng", "Nhật ký"]
    sheet = book["Bảng xếp hạng"]
    assert sheet["B2"].value == 1 and sheet["D2"].is_date  # N, closing time
    assert sheet["D2"].number_format == "DD/MM/YYYY HH:MM"
    first, second = (
        {title: cell for title, cell in zip([c.value for c in sheet[3]], row, strict=True)}
        for row in sheet.iter_rows(min_row=4)
    )
    assert (first["Điểm"].value, first["Số câu hỏi"].value) == (5, 5)
    assert second["Điểm"].value == 4 and second["Điểm"].data_type == "n"
    assert first["Thời gian làm bài"].value == timedelta(seconds=75)
    assert second["Thời gian làm bài"].value == timedelta(seconds=600)
    assert first["Thời gian làm bài"].number_format == "[h]:mm:ss"
    assert isinstance(first["Thời điểm nộp bài"].value, datetime)
    assert first["Thời điểm nộp bài"].number_format == "DD/MM/YYYY HH:MM"
    assert first["Số điện thoại"].value == "0912345678"  # an identifier stays text
    assert numbers_as_text(book) == []


def test_question_statistics_export_names_the_share_of_correct_answers(desk):
    round = closed_round(questions_per_topic=(1,), bank_size=1)
    book = download(desk, "quizzes:round-stats-export", round.pk)
    assert book.sheetnames == ["Thống kê câu hỏi"]
    sheet = book.active
    assert "Độ phân biệt" in sheet["A2"].value and "27%" in sheet["A2"].value
    header = [cell.value for cell in sheet[3]]
    assert "Tỉ lệ trả lời đúng" in header and "Độ khó" not in header
    [share] = column(sheet, "Tỉ lệ trả lời đúng", header_row=3)
    assert share.value == 0.5 and share.number_format == "0.0%"
    [drawn] = column(sheet, "Số lần rút", header_row=3)
    assert drawn.value == 2 and drawn.data_type == "n"
    [discrimination] = column(sheet, "Độ phân biệt", header_row=3)
    assert isinstance(discrimination.value, int | float)
    assert numbers_as_text(book) == []


def test_the_statistics_page_names_the_column_for_what_it_is(desk):
    round = closed_round(questions_per_topic=(1,), bank_size=1)
    page = desk.get(reverse("quizzes:round-stats", args=[round.pk])).content.decode()
    assert "Tỉ lệ trả lời đúng" in page and "Độ khó" not in page
    assert "tách được người nắm vững với người chưa nắm vững" in page  # discrimination, explained
    assert reverse("quizzes:round-stats-export", args=[round.pk]) in page


def test_statistics_export_waits_for_the_round_to_close(desk):
    round = make_round()
    response = desk.get(reverse("quizzes:round-stats-export", args=[round.pk]))
    assert response.status_code == 302


def test_gallery_rankings_have_scores_and_counts_as_numbers(desk, gallery, juror):  # noqa: F811
    entry = make_poem(gallery)
    criteria = list(gallery.criteria.all())
    review_save(entry=entry, juror=juror, scores={c.pk: 7 for c in criteria}, note="")
    vote_cast(voter=ParticipantFactory().user, entry=entry, ip="203.0.113.9")
    book = download(desk, "gallery:rankings-export")
    assert book.sheetnames[:2] == ["Ban giám khảo", "Bình chọn"]
    assert book.sheetnames[-1] == "Nhật ký"
    jury = book["Ban giám khảo"]
    [score] = column(jury, "Điểm giám khảo")
    assert score.value == 7 and score.data_type == "n" and score.number_format == "0.00"
    [votes] = column(book["Bình chọn"], "Phiếu hợp lệ")
    assert votes.value == 1 and votes.number_format == "#,##0"
    assert numbers_as_text(book) == []


def test_banner_export_and_the_audit_log_keep_counts_and_times_typed(desk, organizer):
    banner = banner_save(
        banner=Banner(name="Chợ phường Sóc Trăng – cổng chính", target="page", path="/"),
        actor=organizer,
    )
    banner_check_record(banner=banner, state="damaged", actor=organizer)
    book = download(desk, "banners:banner-export")
    assert book.sheetnames == ["Băng rôn", "Theo ngày", "Mã không dẫn tới đâu", "Lượt kiểm tra"]
    [scans] = column(book["Băng rôn"], "Lượt quét")
    assert scans.value == 0 and scans.data_type == "n"
    [checked] = column(book["Lượt kiểm tra"], "Thời gian")
    assert isinstance(checked.value, datetime)
    assert numbers_as_text(book) == []

    log = download(desk, "contest:audit-export")
    assert log.sheetnames == ["Nhật ký"]
    times = column(log.active, "Thời gian")
    assert times and all(isinstance(cell.value, datetime) for cell in times)
    assert all(cell.number_format == "DD/MM/YYYY HH:MM" for cell in times)
    assert numbers_as_text(log) == []


def test_templates_and_the_bank_export_have_vietnamese_sheet_names(desk):
    round = make_round()
    assert download(desk, "contest:unit-template").sheetnames == ["Đơn vị"]
    assert download(desk, "banners:banner-template").sheetnames == ["Băng rôn"]
    assert download(desk, "quizzes:bank-template").sheetnames == ["Câu hỏi", "Hướng dẫn"]
    bank = download(desk, "quizzes:bank-export", round.bank_id)
    assert bank.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    units = download(desk, "contest:unit-template").active
    assert all(isinstance(cell.value, int) for cell in column(units, "Số người"))
