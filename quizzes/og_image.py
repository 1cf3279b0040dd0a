"""The round's preview image for chat apps (Zalo, Facebook): 1200x630 PNG, drawn with Pillow.

Drawn once per change of what it shows (the contest's and round's titles, the dates) and
kept in the cache under a key made of those texts, so an edit draws a new one and the
address (`?v=`) changes with it: chat apps keep an image they fetched once.
"""

import hashlib
import io
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 72
BACKGROUND = (155, 28, 28)  # the site's red
BAND = (122, 18, 18)
TEXT = (255, 255, 255)
SOFT = (255, 228, 196)
# Debian's fonts-dejavu-core (and fonts-liberation): both carry Vietnamese diacritics.
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
BOLD = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
REGULAR = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")
CACHE_SECONDS = 7 * 24 * 3600


def _font(names: tuple[str, ...], size: int):
    for folder in FONT_DIRS:
        for name in names:
            path = Path(folder) / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)  # Pillow's own font: no diacritics lost, plainer


def _texts(round) -> tuple[str, str, str]:
    opens = timezone.localtime(round.opens_at).strftime("%H:%M %d/%m/%Y")
    closes = timezone.localtime(round.closes_at).strftime("%H:%M %d/%m/%Y")
    return round.contest.title, round.title, f"{opens} – {closes}"


def image_version(round) -> str:
    """A short digest of what the image shows: its cache key and its address's `?v=`."""
    return hashlib.sha256("\n".join(_texts(round)).encode()).hexdigest()[:12]


def _wrap(draw, text: str, font, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` pixels, the last one cut with "…"."""
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def draw_round_image(round) -> bytes:
    contest, title, dates = _texts(round)
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    draw.rectangle([0, SIZE[1] - 120, SIZE[0], SIZE[1]], fill=BAND)
    y = MARGIN
    small = _font(REGULAR, 38)
    for line in _wrap(draw, contest, small, width, 2):
        draw.text((MARGIN, y), line, font=small, fill=SOFT)
        y += 50
    y += 30
    big = _font(BOLD, 76)
    for line in _wrap(draw, title, big, width, 3):
        draw.text((MARGIN, y), line, font=big, fill=TEXT)
        y += 92
    draw.text((MARGIN, SIZE[1] - 88), dates, font=_font(REGULAR, 40), fill=TEXT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def round_image_png(round) -> bytes:
    """The round's PNG, from the cache when what it shows has not changed."""
    key = f"quizzes:og:{round.pk}:{image_version(round)}"
    png = cache.get(key)
    if png is None:
        png = draw_round_image(round)
        cache.set(key, png, CACHE_SECONDS)
    return png
