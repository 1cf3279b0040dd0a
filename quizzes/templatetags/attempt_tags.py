"""The attempt page's repeated parts, written in Python: every question's screen and the
list of links between them.

The page holds all of an attempt's questions (one shown at a time), so a 20-question round
with four choices each is some 700 template nodes, 100 of them per question and 30 per
choice: most of the page's time (issue 13). These tags write the same markup, each value
escaped as the template escaped it: question and choice texts and keys through
conditional_escape (the question text through `linebreaksbr`, as before), the words
through gettext with the template's msgids, so the Vietnamese catalog still applies.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _csrf_input(context) -> str:
    """What `{% csrf_token %}` writes, looked up once for all the forms of the page."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def question_screens(context, items, attempt, position: int):
    """A <section> with its own form for each question; all but `position` hidden."""
    total = attempt.question_count
    csrf = _csrf_input(context)
    choose_all = conditional_escape(gettext("Choose every correct answer."))
    previous = conditional_escape(gettext("← Previous"))
    following = conditional_escape(gettext("Next →"))
    review = conditional_escape(gettext("Review and submit"))
    number = gettext("Question %(n)s/%(total)s")
    escape = conditional_escape
    out = []
    for item in items:
        here = item.position
        kind = "checkbox" if item.multiple else "radio"
        # What format_html wrote, without its per-call overhead: each value escaped.
        choices = "".join(
            f'\n            <label class="choice"><input type="{kind}" name="choice" '
            f'value="{escape(choice.key)}"{" checked" if choice.selected else ""}>'
            f" <span>{escape(choice.text)}</span></label>"
            for choice in item.choices
        )
        buttons = (
            (
                f'<button type="submit" name="go" value="prev" class="secondary">{previous}'
                "</button>"
                if here > 1
                else ""
            )
            + (
                f'<button type="submit" name="go" value="next">{following}</button>'
                if here < total
                else ""
            )
            + f'<button type="submit" name="go" value="review" '
            f'class="{"secondary" if here < total else ""}">{review}</button>'
        )
        out.append(
            f'\n  <section class="question-screen" data-position="{here}"'
            f"{'' if here == position else ' hidden'}>\n"
            f'    <form class="question-form" method="post" action="?q={here}">\n'
            f"      {csrf}\n"
            f'      <input type="hidden" name="position" value="{here}">\n'
            '      <fieldset class="question">\n'
            f'        <legend><span class="q-number">{number % {"n": here, "total": total}}'
            "</span>\n"
            f'          <span class="q-text">{linebreaksbr(item.text, autoescape=True)}</span>'
            "</legend>\n"
            + (f'        <p class="muted">{choose_all}</p>\n' if item.multiple else "")
            + f'        <div class="choices">{choices}\n        </div>\n'
            "      </fieldset>\n"
            '      <p class="save-status" role="status" aria-live="polite"></p>\n'
            f'      <div class="actions nav-buttons">\n        {buttons}\n      </div>\n'
            "    </form>\n"
            "  </section>"
        )
    return mark_safe("".join(out))


@register.simple_tag
def question_links(items, position: int):
    """The <li> links of the "Go to question" list: answered ones marked, the current one."""
    out = []
    for item in items:
        here = item.position
        current = here == position
        css = ("answered" if item.selected else "") + (" current" if current else "")
        step = ' aria-current="step"' if current else ""
        out.append(
            f'\n        <li><a href="?q={here}" data-position="{here}" class="{css}"{step}>'
            f"{here}</a></li>"
        )
    return mark_safe("".join(out))
