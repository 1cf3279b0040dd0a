"""The public grid's cards, written in Python: the markup of gallery/_entry_card.html and
gallery/_poster_img.html for a page of 24 entries without an include, an inclusion tag and
two translation blocks per card (most of the grid's time, issue 13). Texts are escaped as
the templates escaped them; the words come from gettext/ngettext with the templates' msgids.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .gallery_tags import first_lines, poster_img

register = template.Library()


def _img(entry) -> str:
    """gallery/_poster_img.html for the thumbnail."""
    image = poster_img(entry)
    if not image["src"]:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async">',
        image["src"],
        image["srcset"],
        image["sizes"],
        image["width"],
        image["height"],
        image["alt"],
        "" if image["eager"] else mark_safe(' loading="lazy"'),
    )


@register.simple_tag
def entry_cards(entries, gallery, voted):
    """One <a class="entry-card"> per entry, as gallery/_entry_card.html writes it."""
    poster_word = conditional_escape(gettext("Poster"))
    you_voted = conditional_escape(gettext("you voted"))
    poem_word = gettext("Poem · %(name)s")
    detail = reverse("gallery:entry-detail", args=[0])[:-2]  # ".../thu-vien/" + pk + "/"
    votes_for: dict[int, str] = {}  # the vote count's words, looked up once per number
    out = []
    for entry in entries:
        if entry.is_poster:
            body = f'<span class="entry-thumb">{_img(entry)}</span>'
            kind = poster_word
        else:
            poem = linebreaksbr(first_lines(entry.poem, 4), autoescape=True)
            body = f'<span class="entry-poem">{poem}</span>'
            kind = poem_word % {"name": conditional_escape(entry.pen_name)}
        meta = kind
        if gallery.show_counts:
            count = entry.counted_votes
            if count not in votes_for:
                votes_for[count] = ngettext("%(counter)s vote", "%(counter)s votes", count) % {
                    "counter": count
                }
            meta += " · " + votes_for[count]
        if entry.pk in voted:
            meta += f' · <span class="ok">{you_voted}</span>'
        out.append(
            f'<a class="entry-card kind-{conditional_escape(entry.kind)}" '
            f'href="{detail}{entry.pk}/">\n  {body}\n'
            f'  <span class="entry-title">{conditional_escape(entry.title)}</span>\n'
            f'  <span class="entry-meta muted">{meta}</span>\n</a>\n'
        )
    return mark_safe("".join(out))
