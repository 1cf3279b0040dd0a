"""Charts drawn on the server as inline SVG: the same columns as the live board's board.js."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 600, 160


def columns_svg(points: list[tuple[str, int, str]]) -> SafeString:
    """Columns for [(label, value, tooltip), ...], the first and last label under them."""
    n, top = max(1, len(points)), max([1, *(value for _label, value, _tip in points)])
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
        (
            (
                round(i * WIDTH / n + 1, 2),
                HEIGHT - round(value / top * HEIGHT),
                round(max(1, WIDTH / n - 2), 2),
                round(value / top * HEIGHT),
                tip,
            )
            for i, (_label, value, tip) in enumerate(points)
        ),
    )
    labels = (
        format_html(
            '<text x="0" y="{}">{}</text><text x="{}" y="{}" text-anchor="end">{}</text>'
            '<text x="4" y="14">{}</text>',
            HEIGHT + 18,
            points[0][0],
            WIDTH,
            HEIGHT + 18,
            points[-1][0],
            intcomma(top),
        )
        if points
        else ""
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" class="columns" aria-hidden="true">{}{}</svg>',
        WIDTH,
        HEIGHT + 24,
        bars,
        labels,
    )
