"""Print files of a banner: its QR code (PNG, SVG), an A4/A3 PDF poster, a ZIP of posters.

All of them carry the short link on the public address (SITE_BASE_URL); a local address
would print codes no phone can open, so it is refused.
"""

import io
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from contest.models import Contest
from contest.qr import (
    PRINT_BORDER,
    absolute_url,
    load_logo,
    logo_box,
    qr_matrix,
    qr_png,
    qr_print_svg,
)

from .models import Banner

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}
PAGE_SIZES = {"a4": A4, "a3": A3}
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "BannerSans", "BannerSans-Bold"
MAX_ZIP_BANNERS = 300  # ~27 ms and ~45 kB per poster: ~8 s and ~14 MB at most


def public_base_url() -> str:
    """SITE_BASE_URL, or a ValidationError saying why it cannot go on paper."""
    base = settings.SITE_BASE_URL.strip()
    parts = urlsplit(base)
    host = (parts.hostname or "").lower()
    if (
        parts.scheme not in ("http", "https")
        or host in LOCAL_HOSTS
        or host.startswith("127.")
        or host.endswith((".local", ".localhost"))
    ):
        raise ValidationError(
            _(
                "Printed codes cannot be made: the site's public address (the SITE_BASE_URL "
                "setting) is “%(url)s”, which only this computer can open, so no phone could "
                "open the code. Set SITE_BASE_URL to the address people reach the site at, "
                "e.g. https://cuocthi.soctrang.gov.vn, and restart the site."
            )
            % {"url": base}
        )
    return base


def short_url(banner: Banner) -> str:
    """The full short link the QR code holds (checked to be public)."""
    public_base_url()
    return absolute_url(reverse("banners:banner-redirect", args=[banner.code]))


def printed_link(url: str) -> str:
    """The short link as printed for people to type: without https://."""
    return url.split("://", 1)[-1]


def banner_png(banner: Banner, *, with_logo: bool = True) -> bytes:
    return qr_png(short_url(banner), logo=load_logo() if with_logo else None)


def banner_svg(banner: Banner, *, with_logo: bool = True) -> str:
    return qr_print_svg(short_url(banner), logo=load_logo() if with_logo else None)


def register_fonts() -> None:
    """The embedded DejaVu fonts under FONT and FONT_BOLD, for every PDF the site draws."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_DIR / "DejaVuSans.ttf"))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))


def call_to_action(banner: Banner) -> str:
    if banner.target == Banner.Target.GALLERY:
        return _("Scan the code to see the posters and poems and vote for your favourite")
    if banner.target == Banner.Target.BOARD:
        return _("Scan the code to follow the live results")
    return _("Scan the code to take part in the online contest")


def _centred_lines(pdf, lines, *, font, size, top, width, leading=1.25) -> float:
    """Draw lines centred on the page from `top` down; return the y under the last one."""
    y = top
    for line in lines:
        y -= size
        pdf.setFont(font, size)
        pdf.drawCentredString(width / 2, y, line)
        y -= size * (leading - 1)
    return y


def _fitting_size(text: str, font: str, size: float, width: float) -> float:
    """`size`, made smaller if `text` would not fit in `width` on one line."""
    return min(size, size * width / max(1, pdfmetrics.stringWidth(text, font, size)))


def poster_pdf(banner: Banner, *, size: str = "a4", with_logo: bool = True) -> bytes:
    """An A4 or A3 poster: title, call to action, the level-H QR code, the short link."""
    url = short_url(banner)
    register_fonts()
    page_width, page_height = PAGE_SIZES[size]
    k = page_width / A4[0]  # A3 is A4 scaled by sqrt(2): every measure scales with it
    margin = 16 * mm * k
    text_width = page_width - 2 * margin
    contest = Contest.current()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(page_width, page_height), pageCompression=1)
    with translation.override(settings.LANGUAGE_CODE):
        pdf.setTitle(f"{banner.name} – {printed_link(url)}")
        pdf.setFillColorRGB(0.72, 0.07, 0.09)
        pdf.rect(0, page_height - 10 * mm * k, page_width, 10 * mm * k, stroke=0, fill=1)
        pdf.setFillColorRGB(0, 0, 0)
        top = page_height - 24 * mm * k
        if contest and contest.organizer_name:
            top = _centred_lines(
                pdf,
                simpleSplit(contest.organizer_name.upper(), FONT, 13 * k, text_width),
                font=FONT,
                size=13 * k,
                top=top,
                width=page_width,
            )
            top -= 4 * mm * k
        title = contest.title if contest else settings.SITE_NAME
        title_size = 26 * k
        top = _centred_lines(
            pdf,
            simpleSplit(title.upper(), FONT_BOLD, title_size, text_width)[:3],
            font=FONT_BOLD,
            size=title_size,
            top=top,
            width=page_width,
        )
        top -= 6 * mm * k
        pdf.setFillColorRGB(0.72, 0.07, 0.09)
        top = _centred_lines(
            pdf,
            simpleSplit(call_to_action(banner), FONT_BOLD, 19 * k, text_width),
            font=FONT_BOLD,
            size=19 * k,
            top=top,
            width=page_width,
        )
        pdf.setFillColorRGB(0, 0, 0)

        # The code: as large as the room between the texts allows, drawn as vectors.
        matrix = qr_matrix(url)
        modules = len(matrix)
        bottom_room = 62 * mm * k
        side = min(page_width - 2 * margin, top - 6 * mm * k - bottom_room)
        cell = side / modules
        left, base = (page_width - side) / 2, top - 6 * mm * k - side
        pdf.setFillColorRGB(1, 1, 1)
        pdf.rect(left, base, side, side, stroke=0, fill=1)
        pdf.setFillColorRGB(0, 0, 0)
        for y, row in enumerate(matrix):
            x = 0
            while x < modules:  # one rectangle per horizontal run of dark modules
                if row[x]:
                    run = x
                    while run < modules and row[run]:
                        run += 1
                    # A hair taller than a module: no light seams between rows on screen.
                    pdf.rect(
                        left + x * cell,
                        base + (modules - y - 1) * cell - cell * 0.03,
                        (run - x) * cell,
                        cell * 1.03,
                        stroke=0,
                        fill=1,
                    )
                    x = run
                else:
                    x += 1
        logo = load_logo() if with_logo else None
        if logo is not None:
            start, box = logo_box(modules)
            pdf.setFillColorRGB(1, 1, 1)
            pdf.rect(
                left + start * cell,
                base + (modules - start - box) * cell,
                box * cell,
                box * cell,
                stroke=0,
                fill=1,
            )
            pdf.drawImage(
                ImageReader(logo),
                left + (start + 0.5) * cell,
                base + (modules - start - box + 0.5) * cell,
                (box - 1) * cell,
                (box - 1) * cell,
                mask="auto",
                preserveAspectRatio=True,
                anchor="c",
            )
            pdf.setFillColorRGB(0, 0, 0)

        y = base + PRINT_BORDER * cell / 2 - 10 * mm * k
        pdf.setFont(FONT, 14 * k)
        pdf.drawCentredString(page_width / 2, y, _("No camera? Open a browser and type:"))
        link = printed_link(url)
        link_size = _fitting_size(link, FONT_BOLD, 34 * k, text_width)
        y -= 8 * mm * k + link_size * 0.75
        pdf.setFont(FONT_BOLD, link_size)
        pdf.drawCentredString(page_width / 2, y, link)
        pdf.setFont(FONT, 9 * k)
        pdf.setFillColorRGB(0.35, 0.35, 0.35)
        place = f"{banner.name} · {_('code')} {banner.code}"
        pdf.drawCentredString(
            page_width / 2, 10 * mm * k, simpleSplit(place, FONT, 9 * k, text_width)[0]
        )
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def poster_filename(banner: Banner, size: str) -> str:
    return f"ap-phich-{banner.code}-{slugify(banner.name)[:40].strip('-')}-{size}.pdf"


def posters_zip(banners, *, size: str = "a4", with_logo: bool = True) -> bytes:
    """One PDF poster per banner in a ZIP (PDFs are compressed already: stored as they are)."""
    banners = list(banners)
    if not banners:
        raise ValidationError(_("Choose at least one banner."))
    if len(banners) > MAX_ZIP_BANNERS:
        raise ValidationError(
            _("Choose at most %(max)d banners for one ZIP file.") % {"max": MAX_ZIP_BANNERS}
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for banner in banners:
            archive.writestr(
                poster_filename(banner, size), poster_pdf(banner, size=size, with_logo=with_logo)
            )
    return out.getvalue()
