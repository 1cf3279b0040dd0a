"""The report as a Vietnamese administrative document (A4 portrait): the agency and the
national motto at the top, the number left blank for the organizer, numbered sections with
tables, bar charts drawn here (reportlab.graphics), recipients and the signer's block."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from banners.printables import FONT, FONT_BOLD, register_fonts

from .certificate_pdf import date_line
from .report_xlsx import gallery_names, ranking_name, total_names
from .services.report import Pair, Report

WIDTH = A4[0] - 40 * mm
RED = colors.Color(0.72, 0.07, 0.09)
MAX_CHART_BARS = 15


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=15, alignment=TA_JUSTIFY)
    return {
        "base": base,
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "bold_centre": ParagraphStyle("bc", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=19, alignment=TA_CENTER
        ),
        "h": ParagraphStyle("h", parent=base, fontName=FONT_BOLD, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, alignment=TA_LEFT),
        "small": ParagraphStyle("small", parent=base, fontSize=9.5, leading=12, alignment=TA_LEFT),
    }


def _n(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def _signed(value, fmt=_n) -> str:
    if value is None:
        return "–"
    text = fmt(abs(value)) if fmt is _n else fmt(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _pair(pair: Pair, fmt=_n) -> list[str]:
    return [fmt(pair.current), fmt(pair.previous), _signed(pair.diff, fmt)]


def _table(rows: list[list], widths: list[float], styles) -> Table:
    # Names come from organizers and participants: escaped, as Paragraph reads markup.
    cells = [[Paragraph(escape(str(c)), styles["cell"]) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ]
        )
    )
    for cell in cells[0]:
        cell.style = ParagraphStyle("head", parent=styles["cell"], fontName=FONT_BOLD)
    return table


def _bar_chart(labels, values, *, title: str, percent=False, horizontal=False) -> Drawing:
    labels, values = labels[:MAX_CHART_BARS], values[:MAX_CHART_BARS]
    height = 60 + 16 * len(values) if horizontal else 190
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (150, 20) if horizontal else (35, 45)
    chart.width = WIDTH - chart.x - 20
    chart.height = height - chart.y - 30
    chart.data = [[v * 100 if percent else v for v in values] or [0]]
    chart.categoryAxis.categoryNames = [str(label)[:28] for label in labels] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    if not horizontal:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = RED
    chart.barLabelFormat = "%.0f%%" if percent else "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    # Labels beside the bar's end, not over it; whole numbers on a count axis.
    chart.barLabels.boxAnchor, chart.barLabels.dx, chart.barLabels.dy = (
        ("w", 3, 0) if horizontal else ("s", 0, 2)
    )
    if not percent and max(values, default=0) < 10:
        chart.valueAxis.valueStep = 1
    drawing.add(chart)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9))
    return drawing


def _header(report: Report, styles, day) -> Table:
    agency = (report.contest.organizer_name if report.contest else "") or "…………"
    left = [
        Paragraph(escape(agency.upper()), styles["bold_centre"]),
        Paragraph("Số: ……/BC-……", styles["centre"]),
    ]
    right = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles["bold_centre"]),
        Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", styles["bold_centre"]),
        Spacer(1, 4),
        Paragraph(date_line("…………", day), styles["centre"]),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.4, WIDTH * 0.6])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def report_pdf(report: Report, *, label: str, day=None) -> bytes:
    """The report as PDF bytes; `label` names the period ("quý I năm 2026")."""
    register_fonts()
    styles = _styles()
    day = day or timezone.localdate()
    story = [_header(report, styles, day), Spacer(1, 10)]
    story += [
        Paragraph(_("REPORT"), styles["title"]),
        Paragraph(
            _("Results of the contest “%(contest)s” in %(period)s")
            % {"contest": escape(report.contest.title if report.contest else ""), "period": label},
            styles["bold_centre"],
        ),
        Spacer(1, 8),
    ]
    p, q = report.period, report.previous
    story.append(
        Paragraph(
            _(
                "Period of the report: from %(first)s to %(last)s (%(days)d days). Each figure "
                "is compared with the previous period of the same length, from %(pfirst)s to "
                "%(plast)s."
            )
            % {
                "first": f"{p.first:%d/%m/%Y}",
                "last": f"{p.last:%d/%m/%Y}",
                "days": p.days,
                "pfirst": f"{q.first:%d/%m/%Y}",
                "plast": f"{q.last:%d/%m/%Y}",
            },
            styles["base"],
        )
    )
    compare = [_("Figure"), _("This period"), _("Previous period"), _("Difference")]
    cw = [WIDTH * 0.46, WIDTH * 0.18, WIDTH * 0.18, WIDTH * 0.18]

    story.append(Paragraph(_("I. GENERAL RESULTS"), styles["h"]))
    rows = [compare] + [[name, *_pair(report.totals[k])] for k, name in total_names().items()]
    story += [_table(rows, cw, styles), Spacer(1, 6)]
    story.append(
        _bar_chart(
            [f"{d:%d/%m}" for d, _c in report.weeks],
            [c for _d, c in report.weeks],
            title=_("Attempts by week"),
        )
    )

    story.append(Paragraph(_("II. PARTICIPATION BY UNIT"), styles["h"]))
    story.append(
        Paragraph(
            _("Collective-prize threshold: %(rate)d%% of the unit's headcount.")
            % {"rate": report.threshold},
            styles["base"],
        )
    )
    rows = [
        [
            _("Unit"),
            _("Headcount"),
            _("Participants"),
            _("(previous)"),
            _("Rate"),
            _("(previous)"),
            _("Reaches the threshold"),
        ]
    ]
    for r in report.by_unit:
        rows.append(
            [
                r.label,
                _n(r.headcount),
                _n(r.participants.current),
                _n(r.participants.previous),
                _pct(r.rate.current),
                _pct(r.rate.previous),
                _("yes") if r.reaches else (_("no") if r.reaches is not None else "–"),
            ]
        )
    story.append(_table(rows, [WIDTH * 0.3] + [WIDTH * 0.7 / 6] * 6, styles))
    rated = [r for r in report.by_unit if r.rate.current is not None]
    if rated:
        story += [
            Spacer(1, 6),
            _bar_chart(
                [r.label for r in rated],
                [r.rate.current for r in rated],
                title=_("Participation rate by unit (%)"),
                percent=True,
                horizontal=True,
            ),
        ]

    for number, title, rows_in, first in (
        ("III", _("BY PARTICIPANT TYPE"), report.by_type, _("Participant type")),
        ("IV", _("BY COMMUNE OR WARD"), report.by_commune, _("Commune or ward")),
    ):
        story.append(Paragraph(f"{number}. {title}", styles["h"]))
        rows = [
            [
                first,
                _("Participants"),
                _("(previous)"),
                _("Difference"),
                _("Attempts"),
                _("(previous)"),
                _("Difference"),
            ]
        ]
        rows += [[r.label, *_pair(r.participants), *_pair(r.attempts)] for r in rows_in]
        story.append(_table(rows, [WIDTH * 0.28] + [WIDTH * 0.12] * 6, styles))

    story.append(Paragraph(_("V. QUIZ ROUNDS AND THEIR WINNERS"), styles["h"]))
    if not report.rounds:
        story.append(Paragraph(_("No round took place in the period."), styles["base"]))
    for s in report.rounds:
        r = s.round
        story.append(
            Paragraph(
                _(
                    "%(title)s (%(opens)s – %(closes)s): %(people)s participants, "
                    "%(attempts)s attempts, %(finished)s finished."
                )
                % {
                    "title": escape(r.title),
                    "opens": f"{timezone.localtime(r.opens_at):%d/%m/%Y}",
                    "closes": f"{timezone.localtime(r.closes_at):%d/%m/%Y}",
                    "people": _n(s.participants),
                    "attempts": _n(s.attempts),
                    "finished": _n(s.finished),
                },
                styles["small"],
            )
        )
        if not s.published:
            story.append(
                Paragraph(_("The results of this round are not published yet."), styles["small"])
            )
            continue
        rows = [[_("Prize"), _("Full name"), _("Unit"), _("Score")]]
        rows += [[w["prize"], w["name"], w["unit"], f"{w['score']}/{w['of']}"] for w in s.winners]
        rows += [[_("Collective prize"), u["unit"], _pct(u["rate"]), ""] for u in s.collective]
        if len(rows) > 1:
            story += [
                _table(rows, [WIDTH * 0.2, WIDTH * 0.3, WIDTH * 0.38, WIDTH * 0.12], styles),
                Spacer(1, 4),
            ]

    story.append(Paragraph(_("VI. POSTER AND POEM CONTEST"), styles["h"]))
    if report.gallery is None:
        story.append(Paragraph(_("The contest has no poster and poem contest."), styles["base"]))
    else:
        figures = report.gallery["figures"]
        rows = [compare] + [[name, *_pair(figures[k])] for k, name in gallery_names().items()]
        story.append(_table(rows, cw, styles))
        if report.gallery["winners"]:
            rows = [[_("Ranking"), _("Place"), _("Entry"), _("Author")]]
            rows += [
                [ranking_name(w["ranking"]), w["place"], w["title"], w["author"]]
                for w in report.gallery["winners"]
            ]
            story += [
                Spacer(1, 4),
                _table(rows, [WIDTH * 0.25, WIDTH * 0.1, WIDTH * 0.4, WIDTH * 0.25], styles),
            ]
        else:
            story.append(Paragraph(_("The winners are not published yet."), styles["small"]))

    story.append(Paragraph(_("VII. BANNERS AND QR CODES"), styles["h"]))
    t = report.banner_totals
    rows = [compare] + [
        [_("Scans"), *_pair(t["scans"])],
        [_("Unique browsers"), *_pair(t["unique"])],
        [_("Sign-ups"), *_pair(t["signups"])],
        [_("Finished attempts"), *_pair(t["finished"])],
    ]
    story.append(_table(rows, cw, styles))
    if report.banners:
        rows = [
            [_("Banner"), _("Scans"), _("Unique browsers"), _("Sign-ups"), _("Finished attempts")]
        ]
        rows += [
            [
                b["name"],
                _n(b["scans"].current),
                _n(b["unique"].current),
                _n(b["signups"].current),
                _n(b["finished"].current),
            ]
            for b in report.banners[:30]
        ]
        story += [Spacer(1, 4), _table(rows, [WIDTH * 0.4] + [WIDTH * 0.15] * 4, styles)]

    story.append(Spacer(1, 14))
    recipients = [
        Paragraph("<b>" + _("Recipients:") + "</b>", styles["small"]),
        Paragraph("- " + _("The Provincial People's Committee (to report);"), styles["small"]),
        Paragraph("- " + _("The Department of Home Affairs;"), styles["small"]),
        Paragraph("- " + _("Filed: office."), styles["small"]),
    ]
    signer = [
        Paragraph(_("HEAD OF THE ORGANIZING BOARD"), styles["bold_centre"]),
        Spacer(1, 50),
        Paragraph("…………………………", styles["centre"]),
    ]
    sign = Table([[recipients, signer]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(sign)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Report"),
    )
    doc.build(story)
    return buffer.getvalue()
