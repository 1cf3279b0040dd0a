from django import template

from contest.names import short_name as _short_name

register = template.Library()


@register.filter
def mmss(value) -> str:
    """A duration as minutes:seconds (12:05)."""
    if value is None:
        return "–"
    seconds = int(value.total_seconds()) if hasattr(value, "total_seconds") else int(value)
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def short_name(value: str) -> str:
    return _short_name(value)


@register.filter
def percent(value) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"
