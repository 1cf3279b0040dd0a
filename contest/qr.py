"""QR codes drawn by the site.

Inline SVG for pages and screens (share codes, the projector), and print files for banners:
PNG at print resolution and standalone SVG, at error-correction level H (30% of the symbol
may be dirty, torn or covered by a centred logo and it still reads).
"""

import base64
import io
import math
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

PRINT_CORRECTION = qrcode.constants.ERROR_CORRECT_H
PRINT_BORDER = 4  # the quiet zone the QR standard asks for, in modules
PRINT_PIXELS = 1200
# The logo's side as a share of the symbol's side: ~5% of the area, far below level H's 30%.
LOGO_SHARE = 0.22


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


@lru_cache(maxsize=2048)
def qr_svg_cached(data: str) -> str:
    """qr_svg for pages drawn on every request (share codes, the projector's join code):
    the same URL, the same SVG, drawn once per process. Drawing one takes milliseconds,
    more than the rest of the projector page (issue 13); 2,048 codes of ~6 kB at most."""
    return qr_svg(data)


def qr_matrix(data: str, *, border: int = PRINT_BORDER) -> list[list[bool]]:
    """The modules of `data`'s level-H code, quiet zone included (True is dark)."""
    code = qrcode.QRCode(error_correction=PRINT_CORRECTION, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def load_logo(path: str | None = None) -> Image.Image | None:
    """The logo to centre on printed codes (BANNER_LOGO_PATH), or None when there is none."""
    path = path if path is not None else settings.BANNER_LOGO_PATH
    if not path:
        return None
    try:
        with Image.open(path) as image:
            return image.convert("RGBA")
    except (OSError, ValueError) as exc:
        raise ValidationError(
            _(
                "The logo file set in BANNER_LOGO_PATH (%(path)s) cannot be read as an image: "
                "correct the setting, or download the codes without the logo."
            )
            % {"path": path}
        ) from exc


def logo_box(modules: int, border: int = PRINT_BORDER) -> tuple[int, int]:
    """(first module, side in modules) of the white square a logo sits in, centred."""
    inner = modules - 2 * border
    side = max(3, round(inner * LOGO_SHARE))
    if side % 2 != inner % 2:  # keep it exactly centred
        side += 1
    return (modules - side) // 2, side


def _fit(logo: Image.Image, side: int) -> Image.Image:
    logo = logo.copy()
    logo.thumbnail((side, side), Image.LANCZOS)
    return logo


def qr_png(data: str, *, logo: Image.Image | None = None, min_pixels: int = PRINT_PIXELS) -> bytes:
    """A PNG at least `min_pixels` wide, whole pixels per module (sharp when printed)."""
    matrix = qr_matrix(data)
    modules = len(matrix)
    box = math.ceil(min_pixels / modules)
    image = Image.new("L", (modules * box, modules * box), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle([x * box, y * box, (x + 1) * box - 1, (y + 1) * box - 1], fill=0)
    if logo is not None:
        image = image.convert("RGB")
        start, side = logo_box(modules)
        ImageDraw.Draw(image).rectangle(
            [start * box, start * box, (start + side) * box - 1, (start + side) * box - 1],
            fill="white",
        )
        fitted = _fit(logo, (side - 1) * box)  # half a module of white around it
        offset = start * box + (side * box - fitted.width) // 2
        top = start * box + (side * box - fitted.height) // 2
        image.paste(fitted, (offset, top), fitted)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300), optimize=True)
    return out.getvalue()


def qr_print_svg(data: str, *, logo: Image.Image | None = None, size_mm: int = 100) -> str:
    """A standalone SVG file: white background, one path of modules, the logo embedded."""
    matrix = qr_matrix(data)
    modules = len(matrix)
    dark = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, cell in enumerate(row) if cell
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm}mm" height="{size_mm}mm" '
        f'viewBox="0 0 {modules} {modules}" shape-rendering="crispEdges">',
        f'<rect width="{modules}" height="{modules}" fill="#fff"/>',
        f'<path d="{dark}" fill="#000"/>',
    ]
    if logo is not None:
        start, side = logo_box(modules)
        png = io.BytesIO()
        _fit(logo, 600).save(png, format="PNG")
        href = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
        parts.append(f'<rect x="{start}" y="{start}" width="{side}" height="{side}" fill="#fff"/>')
        parts.append(
            f'<image x="{start + 0.5}" y="{start + 0.5}" width="{side - 1}" height="{side - 1}" '
            f'preserveAspectRatio="xMidYMid meet" href="{href}"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
