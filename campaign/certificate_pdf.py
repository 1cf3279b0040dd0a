"""A certificate as a PDF: A4 landscape, the banners' embedded DejaVu font (every Vietnamese
diacritic prints on any printer), the template's wording filled in, the signer with the
signature or seal, the logo, the serial number and a QR code to the public verification page.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from banners.printables import FONT, FONT_BOLD, register_fonts
from contest.qr import absolute_url, qr_matrix

from .models import Certificate, CertificateTemplate, fill_placeholders
from .services.certificates import image_bytes, template_for

PAGE = landscape(A4)
RED = (0.72, 0.07, 0.09)
# Near-white pixels of the (JPEG) signature and logo are left transparent, so a seal can sit
# over the signer's name as it does on paper.
WHITE_MASK = [235, 255, 235, 255, 235, 255]


def verification_url(certificate: Certificate) -> str:
    return absolute_url(reverse("campaign:certificate-verify", args=[certificate.code]))


@dataclass
class Art:
    """What every certificate of a template shares, read once for a ZIP of hundreds."""

    template: CertificateTemplate
    signature: ImageReader | None
    logo: ImageReader | None

    @classmethod
    def of(
        cls,
        template: CertificateTemplate,
        *,
        signature: bytes | None = None,
        logo: bytes | None = None,
    ) -> "Art":
        """The stored images, or the bytes given (a preview of images not saved yet)."""

        def reader(data):
            return ImageReader(io.BytesIO(data)) if data else None

        return cls(
            template,
            reader(signature or image_bytes(template.signature_name)),
            reader(logo or image_bytes(template.logo_name)),
        )


def date_line(place: str, day: date) -> str:
    text = _("day %(day)02d month %(month)02d year %(year)d") % {
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def values(certificate: Certificate, *, award: str | None = None) -> dict[str, str]:
    return {
        "name": certificate.name_printed,
        "unit": certificate.unit_printed,
        "prize": certificate.prize_label,
        "round": award if award is not None else certificate.award_title,
        "date": certificate.issued_on.strftime("%d/%m/%Y"),
    }


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(simpleSplit(paragraph, font, size, width) or [""])
    return lines


def _fit(text: str, font: str, size: float, width: float) -> float:
    return min(size, size * width / max(1, pdfmetrics.stringWidth(text, font, size)))


def _centred(pdf, lines, *, x, top, font, size, leading=1.3) -> float:
    y = top
    pdf.setFont(font, size)
    for line in lines:
        y -= size
        pdf.drawCentredString(x, y, line)
        y -= size * (leading - 1)
    return y


def _qr(pdf, url: str, *, left: float, bottom: float, side: float) -> None:
    """The code as vectors: one rectangle per horizontal run of dark modules."""
    matrix = qr_matrix(url, border=2)
    modules = len(matrix)
    cell = side / modules
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(left, bottom, side, side, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for y, row in enumerate(matrix):
        x = 0
        while x < modules:
            if not row[x]:
                x += 1
                continue
            run = x
            while run < modules and row[run]:
                run += 1
            pdf.rect(
                left + x * cell,
                bottom + (modules - y - 1) * cell - cell * 0.03,
                (run - x) * cell,
                cell * 1.03,
                stroke=0,
                fill=1,
            )
            x = run


def _draw(pdf, certificate: Certificate, art: Art, award: str | None) -> None:
    template = art.template
    width, height = PAGE
    # The frame: a thick red line and a thin one inside it.
    pdf.setStrokeColorRGB(*RED)
    pdf.setLineWidth(3)
    pdf.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    pdf.setFillColorRGB(0, 0, 0)

    # Header: the issuing body on the left, the national motto on the right.
    half = width / 2 - 25 * mm
    top = height - 24 * mm
    if art.logo is not None:
        pdf.drawImage(
            art.logo,
            22 * mm,
            top - 22 * mm,
            22 * mm,
            22 * mm,
            mask=WHITE_MASK,
            preserveAspectRatio=True,
            anchor="c",
        )
    if template.issuer:
        _centred(
            pdf,
            simpleSplit(template.issuer.upper(), FONT_BOLD, 11, half - 30 * mm)[:3],
            x=20 * mm + half / 2 + 12 * mm,
            top=top,
            font=FONT_BOLD,
            size=11,
        )
    right = width - 20 * mm - half / 2
    pdf.setFont(FONT_BOLD, 11)
    pdf.drawCentredString(right, top - 11, _("SOCIALIST REPUBLIC OF VIET NAM"))
    motto = _("Independence – Freedom – Happiness")
    pdf.drawCentredString(right, top - 26, motto)
    motto_width = pdfmetrics.stringWidth(motto, FONT_BOLD, 11)
    pdf.setLineWidth(0.6)
    pdf.setStrokeColorRGB(0, 0, 0)
    pdf.line(right - motto_width / 2, top - 30, right + motto_width / 2, top - 30)

    # Title, holder, text.
    text_width = width - 70 * mm
    y = height - 68 * mm
    pdf.setFillColorRGB(*RED)
    size = _fit(template.title.upper(), FONT_BOLD, 34, text_width)
    y = _centred(pdf, [template.title.upper()], x=width / 2, top=y, font=FONT_BOLD, size=size)
    pdf.setFillColorRGB(0, 0, 0)
    y -= 6 * mm
    y = _centred(
        pdf,
        [
            _("is awarded to")
            if certificate.kind != Certificate.Kind.COLLECTIVE
            else _("awarded to the unit")
        ],
        x=width / 2,
        top=y,
        font=FONT,
        size=13,
    )
    y -= 2 * mm
    pdf.setFillColorRGB(0.05, 0.18, 0.45)
    name_size = _fit(certificate.name_printed, FONT_BOLD, 26, text_width)
    y = _centred(
        pdf, [certificate.name_printed], x=width / 2, top=y, font=FONT_BOLD, size=name_size
    )
    pdf.setFillColorRGB(0, 0, 0)
    y -= 4 * mm
    body = (
        template.participation_body
        if certificate.kind == Certificate.Kind.PARTICIPATION
        else template.body
    )
    text = fill_placeholders(body, values(certificate, award=award))
    _centred(pdf, _lines(text, FONT, 14, text_width)[:6], x=width / 2, top=y, font=FONT, size=14)

    # The signer, bottom right: date, title, signature or seal, name.
    sign_x = width - 20 * mm - half / 2
    y = 72 * mm
    pdf.setFont(FONT, 12)
    pdf.drawCentredString(sign_x, y, date_line(template.place, certificate.issued_on))
    y -= 7 * mm
    if template.signer_title:
        y = _centred(
            pdf,
            simpleSplit(template.signer_title.upper(), FONT_BOLD, 12, half)[:2],
            x=sign_x,
            top=y + 12,
            font=FONT_BOLD,
            size=12,
        )
    if art.signature is not None:
        pdf.drawImage(
            art.signature,
            sign_x - 30 * mm,
            26 * mm,
            60 * mm,
            y - 28 * mm,
            mask=WHITE_MASK,
            preserveAspectRatio=True,
            anchor="c",
        )
    if template.signer_name:
        pdf.setFont(FONT_BOLD, 13)
        pdf.drawCentredString(sign_x, 21 * mm, template.signer_name)

    # Bottom left: the code to the verification page, the serial and the address.
    url = verification_url(certificate)
    side = 30 * mm
    _qr(pdf, url, left=22 * mm, bottom=22 * mm, side=side)
    text_x = 22 * mm + side + 4 * mm
    pdf.setFont(FONT_BOLD, 11)
    pdf.drawString(
        text_x, 22 * mm + side - 10, _("No. %(serial)s") % {"serial": certificate.serial}
    )
    pdf.setFont(FONT, 8.5)
    pdf.drawString(text_x, 22 * mm + side - 24, _("Scan the code to check this certificate:"))
    link = url.split("://", 1)[-1]
    link_lines = simpleSplit(link, FONT, 8, sign_x - 30 * mm - text_x - 4 * mm) or [link]
    _y = 22 * mm + side - 36
    pdf.setFont(FONT, 8)
    for line in link_lines[:3]:
        pdf.drawString(text_x, _y, line)
        _y -= 10
    if not certificate.is_valid:
        pdf.saveState()
        pdf.setFillColorRGB(*RED)
        pdf.setFillAlpha(0.35)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(20)
        pdf.setFont(FONT_BOLD, 80)
        pdf.drawCentredString(0, 0, _("REVOKED"))
        pdf.restoreState()


def certificate_pdf(
    certificate: Certificate, *, art: Art | None = None, award: str | None = None
) -> bytes:
    """One certificate; `art` (the template's images) is read when not given, `award`
    stands for the round's title on a sample."""
    register_fonts()
    art = art or Art.of(template_for(certificate.contest))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(f"{art.template.title} – {certificate.serial}")
    with translation.override(settings.LANGUAGE_CODE):
        _draw(pdf, certificate, art, award)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def preview_pdf(
    template: CertificateTemplate, *, signature: bytes | None = None, logo: bytes | None = None
) -> bytes:
    """The template on a sample holder, before anything is issued."""
    with translation.override(settings.LANGUAGE_CODE):
        sample = Certificate(
            contest=template.contest,
            kind=Certificate.Kind.INDIVIDUAL,
            name_printed="Nguyễn Thị Minh Khai",
            unit_printed=_("Department of Home Affairs"),
            prize_label=str(_("First prize")),
            issued_on=timezone.localdate(),
            serial=f"{template.serial_prefix}-{timezone.localdate().year}-000000",
            code="xem-thu",
        )
        award = _("Round 1")
    return certificate_pdf(
        sample, art=Art.of(template, signature=signature, logo=logo), award=award
    )


def certificate_filename(certificate: Certificate) -> str:
    name = slugify(certificate.name_printed)[:40].strip("-") or "giay-chung-nhan"
    return f"{certificate.serial}-{name}.pdf"


def certificates_zip(certificates, template: CertificateTemplate) -> bytes:
    """One PDF per certificate (stored, not compressed again: PDFs are compressed)."""
    art = Art.of(template)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            archive.writestr(
                certificate_filename(certificate), certificate_pdf(certificate, art=art)
            )
    return out.getvalue()
