"""QR codes drawn by the site: inline SVG for pages and screens (share codes, the projector)."""

import qrcode
import qrcode.image.svg
from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the public address people type or scan (SITE_BASE_URL)."""
    return settings.SITE_BASE_URL.rstrip("/") + path


def qr_svg(data: str, *, error_correction=qrcode.constants.ERROR_CORRECT_M, border=2) -> str:
    """The QR code of `data` as an inline <svg> element (scales with CSS, no image request)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=error_correction,
        border=border,
    )
    return image.to_string(encoding="unicode")
