"""What every "check your phone / email" page shows: the organizers' contact."""

from django import template

from accounts import email_resend
from contest.models import Contest

register = template.Library()


@register.simple_tag(takes_context=True)
def email_resend_state(context, purpose: str) -> dict:
    """{"email": the address this browser was last sent a `purpose` email, "wait": seconds
    before it may ask again} for the page's resend button (accounts/email_resend.py)."""
    email, wait = email_resend.state(context["request"], purpose)
    return {"email": email, "wait": wait}


@register.inclusion_tag("account/_support.html")
def support_contact():
    """The contest's support phone, email and page (Contest.support_*), as real links."""
    contest = Contest.current()
    return {"contest": contest}
