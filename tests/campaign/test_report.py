"""The report to the People's Committee: its figures against the hand-counted world in
report_world.py, the period form, and the PDF and .xlsx an organizer downloads."""

import io
from datetime import date, datetime

import openpyxl
import pypdfium2
import pytest
from django.urls import reverse

from campaign.services.report import Period, campaign_report
from contest.models import Unit
from quizzes.models import Round
from tests.campaign.report_world import build_world

Q1 = {"kind": "quarter", "year": "2026", "quarter": "1"}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def report(world):
    return campaign_report(
        period=Period(date(2026, 1, 1), date(2026, 3, 31)), contest=world.contest
    )


def pairs(mapping) -> dict:
    return {key: (pair.current, pair.previous) for key, pair in mapping.items()}


def test_previous_period_is_the_same_number_of_days_just_before():
    assert Period(date(2026, 1, 1), date(2026, 3, 31)).previous() == Period(
        date(2025, 10, 3), date(2025, 12, 31)
    )
    assert Period(date(2026, 3, 1), date(2026, 3, 1)).previous() == Period(
        date(2026, 2, 28), date(2026, 2, 28)
    )


def test_totals_count_attempts_started_in_the_local_days_of_each_period(report):
    # 31/03 23:30 is in the quarter, 01/04 00:10 is not; 02/10/2025 is before both periods.
    assert pairs(report.totals) == {
        "participants": (5, 2),
        "attempts": (6, 2),
        "finished": (6, 2),
        "new_participants": (3, 2),
    }


def test_units_show_their_rate_against_headcount_and_the_last_rounds_threshold(report):
    assert report.threshold == 25  # Đợt 2 closes last of the rounds in the quarter
    rows = [
        (
            r.label,
            r.headcount,
            r.participants.current,
            r.participants.previous,
            r.rate.current,
            r.rate.previous,
            r.reaches,
        )
        for r in report.by_unit
    ]
    assert rows == [
        ("Sở Tư pháp", 4, 2, 1, 0.5, 0.25, True),
        ("UBND phường Phú Lợi", 10, 2, 1, 0.2, 0.1, False),
        # No one took part: listed at 0%, not left out.
        ("Sở Y tế", 20, 0, 0, 0.0, 0.0, False),
    ]


def test_participant_types_and_communes_are_broken_down(report):
    by_type = {
        r.label: (r.participants.current, r.attempts.current, r.participants.previous)
        for r in report.by_type
    }
    assert by_type == {
        "Cán bộ, công chức, viên chức (CBCCVC)": (2, 3, 1),
        "Người dân": (1, 1, 1),
        "Học sinh, sinh viên (HSSV)": (1, 1, 0),
        "Doanh nghiệp": (1, 1, 0),
    }
    by_commune = {r.label: (r.participants.current, r.attempts.current) for r in report.by_commune}
    assert by_commune == {"Phường 1": (2, 3), "Phú Lợi": (2, 2), "—": (1, 1)}


def test_rounds_list_their_winners_only_once_published(report):
    r1, r2 = report.rounds
    assert (r1.round.title, r1.participants, r1.attempts, r1.finished) == ("Đợt 1", 3, 4, 4)
    assert [(w["prize"], w["name"], w["score"]) for w in r1.winners] == [
        ("Giải Nhất", "Trần Thị Ánh Tuyết", 5),
        ("Giải Nhì", "Phạm Ngọc Hường", 5),
    ]
    assert [(u["unit"], u["rate"]) for u in r1.collective] == [("Sở Tư pháp", 0.5)]
    assert r2.round.title == "Đợt 2" and not r2.published and r2.winners == []


def test_gallery_counts_entries_and_votes_counted_and_voided(report):
    assert pairs(report.gallery["figures"]) == {
        "entries": (2, 1),
        "posters": (1, 0),
        "poems": (1, 1),
        "approved": (2, 0),
        "counted": (2, 0),
        "voided": (1, 0),
    }


def test_banners_count_human_scans_and_what_they_brought(report):
    # The bot's scan is left out; p5 signed up in the quarter but finished on 01/04.
    assert pairs(report.banner_totals) == {
        "scans": (3, 1),
        "unique": (2, 1),
        "signups": (3, 0),
        "finished": (2, 0),
    }
    first = report.banners[0]
    assert first["name"] == "Trung tâm Phục vụ hành chính công"
    assert pairs({k: first[k] for k in ("scans", "unique", "signups", "finished")}) == {
        "scans": (3, 0),
        "unique": (2, 0),
        "signups": (2, 0),
        "finished": (2, 0),
    }


def test_weeks_count_attempts_from_the_first_day(report):
    assert len(report.weeks) == 13
    assert sum(n for _day, n in report.weeks) == 6
    assert report.weeks[1] == (date(2026, 1, 8), 2)


def test_page_shows_the_quarter_and_its_figures(client, organizer, world):
    client.force_login(organizer)
    response = client.get(reverse("campaign:report"), Q1)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kết quả quý I năm 2026" in text
    assert "Sở Y tế" in text and "Trần Thị Ánh Tuyết" in text
    assert "bao-cao.pdf?" in text and "bao-cao.xlsx?" in text


@pytest.mark.parametrize(
    "query, message",
    [
        ({"kind": "custom", "first": "31/02/2026", "last": "01/03/2026"}, "dd/mm/yyyy"),
        ({"kind": "custom", "first": "01/03/2026"}, "cả hai ngày"),
        ({"kind": "custom", "first": "02/03/2026", "last": "01/03/2026"}, "trước ngày bắt đầu"),
        ({"kind": "custom", "first": "01/01/2020", "last": "01/03/2026"}, "tối đa ba năm"),
        ({"kind": "quarter", "year": "abc"}, "số"),
        ({"kind": "century"}, "hợp lệ"),
    ],
)
def test_bad_periods_are_refused_with_a_vietnamese_message(client, organizer, query, message):
    client.force_login(organizer)
    for name in ("campaign:report", "campaign:report-pdf", "campaign:report-xlsx"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_custom_period_counts_both_days(client, organizer, world):
    client.force_login(organizer)
    response = client.get(
        reverse("campaign:report"), {"kind": "custom", "first": "31/03/2026", "last": "31/03/2026"}
    )
    report = response.context["report"]
    assert report.period == Period(date(2026, 3, 31), date(2026, 3, 31))
    assert report.totals["attempts"].current == 1  # p4 at 23:30


def test_pdf_is_an_administrative_report_with_the_figures(client, organizer, world):
    client.force_login(organizer)
    response = client.get(reverse("campaign:report-pdf"), Q1)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-20260101-20260331.pdf"' in response["Content-Disposition"]
    text = "\n".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(response.content)
    )
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ NỘI VỤ TỈNH SÓC TRĂNG",
        "Số: ……/BC-……",
        "BÁO CÁO",
        "từ ngày 01/01/2026 đến ngày 31/03/2026 (90 ngày)",
        "Sở Tư pháp 4 2 1 50,0% 25,0% có",
        "Sở Y tế 20 0 0 0,0% 0,0% không",
        "Giải Nhất Trần Thị Ánh Tuyết Sở Tư pháp 5/5",
        "Phiếu bị hủy 1 0 +1",
        "Lượt quét 3 1 +2",
        "Nơi nhận:",
        "TRƯỞNG BAN TỔ CHỨC",
    ):
        assert expected in text, expected


def test_workbook_has_a_vietnamese_sheet_per_section_with_numbers_as_numbers(
    client, organizer, world
):
    client.force_login(organizer)
    response = client.get(reverse("campaign:report-xlsx"), Q1)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo đối tượng",
        "Theo xã, phường",
        "Các đợt thi",
        "Tranh, thơ cổ động",
        "Băng rôn",
        "Lượt thi theo tuần",
    ]
    summary = {row[0].value: row for row in book["Tổng hợp"].iter_rows(min_row=2)}
    assert [c.value for c in summary["Thí sinh"][1:4]] == [5, 2, 3]
    threshold = summary["Ngưỡng xét giải tập thể"][1]
    assert threshold.value == 0.25 and "%" in threshold.number_format

    units = {row[0].value: row for row in book["Theo đơn vị"].iter_rows(min_row=2)}
    rate = units["Sở Tư pháp"][8]
    assert rate.value == 0.5 and "%" in rate.number_format
    assert units["Sở Tư pháp"][11].value == "có"

    rounds = list(book["Các đợt thi"].iter_rows(min_row=2, values_only=True))
    assert rounds[0][:6] == ("Đợt 1", datetime(2026, 1, 10, 7), datetime(2026, 2, 10, 22), 3, 4, 4)
    assert rounds[0][6:10] == ("Giải Nhất", "Trần Thị Ánh Tuyết", "Sở Tư pháp", 5)

    banners = {row[0]: row for row in book["Băng rôn"].iter_rows(min_row=2, values_only=True)}
    assert banners["Tổng cộng"][2:5] == (3, 1, 2)

    weeks = list(book["Lượt thi theo tuần"].iter_rows(min_row=2))
    assert weeks[1][0].value == datetime(2026, 1, 8) and weeks[1][1].value == 2
    assert weeks[1][0].is_date


def test_names_with_markup_characters_print_as_written(client, organizer, world):
    Unit.objects.filter(name="Sở Y tế").update(name="Công ty <A> & B")
    Round.objects.filter(pk=world.r1.pk).update(title="Đợt 1 & <2>")
    client.force_login(organizer)
    response = client.get(reverse("campaign:report-pdf"), Q1)
    text = "".join(
        p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(response.content)
    )
    assert "Công ty <A> & B" in text and "Đợt 1 & <2>" in text
