"""What every "check your phone / email" page shows: the organizers' contact."""

from django import template

from contest.models import Contest

register = template.Library()


@register.inclusion_tag("account/_support.html")
def support_contact():
    """The contest's support phone, email and page (Contest.support_*), as real links."""
    contest = Contest.current()
    return {"contest": contest}
