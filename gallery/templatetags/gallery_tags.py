from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=4096)
def _image_url(name: str, prefix: str, urlconf) -> str:
    return reverse("gallery:image", args=[name])


# A grid page asks for about thirty image addresses: each is reversed once per process
# (keyed by the URL prefix and configuration it depends on; a settings change forgets them).
setting_changed.connect(
    lambda **kwargs: _image_url.cache_clear(), weak=False, dispatch_uid="gallery.image_url"
)


def _url(rendition: dict) -> str:
    return _image_url(rendition["name"], get_script_prefix(), get_urlconf())


@register.inclusion_tag("gallery/_poster_img.html")
def poster_img(entry, size="thumb", eager=False):
    """<img> with srcset over the poster's renditions; width/height set to avoid reflow."""
    renditions = entry.renditions or []
    if not renditions:
        return {"src": None}
    chosen = renditions[0] if size == "thumb" else renditions[-1]
    sizes = (
        "(max-width: 600px) 50vw, 300px" if size == "thumb" else "(max-width: 960px) 100vw, 928px"
    )
    return {
        "src": _url(chosen),
        "srcset": ", ".join(f"{_url(r)} {r['width']}w" for r in renditions),
        "sizes": sizes,
        "width": chosen["width"],
        "height": chosen["height"],
        "alt": entry.title,
        "eager": eager,
    }


@register.filter
def first_lines(text: str, count: int = 4) -> str:
    """The opening lines of a poem (the template escapes and breaks them)."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    return "\n".join(lines[:count]) + ("\n…" if len(lines) > count else "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
