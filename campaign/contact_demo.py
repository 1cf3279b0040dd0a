"""The demo's unit contact: an account of Sở Nội vụ's, named as its đầu mối."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from contest.demo import DEMO_PASSWORD
from contest.models import Contest, Unit, UnitContact

from .services.contacts import contact_add

DEMO_CONTACT_EMAIL = "daumoi@example.org"
DEMO_CONTACT_UNIT = "Sở Nội vụ"


def _demo_unit() -> Unit | None:
    # The demo's units may be renamed; any unit whose people take part will do.
    return (
        Unit.objects.filter(name=DEMO_CONTACT_UNIT).first()
        or Unit.objects.filter(participants__isnull=False).order_by("name").first()
    )


def seed_unit_contacts(contest: Contest) -> str:
    """Name the demo contact of one unit (first run only) and say how to sign in as them."""
    unit = _demo_unit()
    if unit is None:
        return "Unit contacts: no unit to name a contact for."
    User = get_user_model()
    user = User.objects.filter(email=DEMO_CONTACT_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=DEMO_CONTACT_EMAIL, password=DEMO_PASSWORD)
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_CONTACT_EMAIL, defaults={"verified": True, "primary": True}
    )
    if not UnitContact.objects.filter(unit=unit, user=user).exists():
        contact_add(unit=unit, user=user)
    return (
        f"Demo unit contact / Đầu mối đơn vị “{unit.name}”: {DEMO_CONTACT_EMAIL} / "
        f"{DEMO_PASSWORD} (menu “Đơn vị của tôi”)."
    )
