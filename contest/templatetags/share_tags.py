from django import template
from django.utils.safestring import mark_safe

from contest.qr import absolute_url, qr_svg_cached

register = template.Library()


@register.inclusion_tag("contest/_share_qr.html")
def share_qr(path: str):
    """A page's own QR code and link on the public address, for screens and chat apps.

    Unlike a banner's short link it is not counted: it is the page's address itself.
    """
    url = absolute_url(path)
    return {"url": url, "qr": mark_safe(qr_svg_cached(url))}  # SVG drawn by qrcode, no user text
