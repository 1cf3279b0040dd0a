"""The organizers' and jurors' groups, and checks on who may do what."""

import contextlib

from django.contrib.auth.models import Group, Permission

ORGANIZERS = "Ban tổ chức"
JURORS = "Ban giám khảo"

# app_label -> models whose add/change/delete/view permissions the organizers hold.
ORGANIZER_MODELS = {
    "contest": ["contest", "unit", "participant"],
    "banners": ["banner", "scan", "scansignup", "bannercheck"],
    "gallery": ["galleryconfig", "criterion"],
    "invites": ["invitesignup", "inviteaward"],
}
ORGANIZER_EXTRA = ["accounts.view_user"]


def ensure_roles(**kwargs) -> None:
    """Create the groups and give them their permissions (run after each migrate)."""
    organizers, _ = Group.objects.get_or_create(name=ORGANIZERS)
    Group.objects.get_or_create(name=JURORS)
    wanted = Permission.objects.none()
    for app_label, models in ORGANIZER_MODELS.items():
        wanted |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    for dotted in ORGANIZER_EXTRA:
        app_label, codename = dotted.split(".")
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    organizers.permissions.add(*wanted)


def roles(user) -> frozenset[str]:
    """The names of the site's groups (organizers, jurors) the user is in: one query, kept on
    the user object, so a request (whose user is loaded afresh) asks once whatever the number
    of checks. Changing the user's groups through ``user.groups`` forgets it (signals)."""
    if not user.is_authenticated:
        return frozenset()
    if getattr(user, "_contest_roles", None) is None:
        _load_roles(user)
    return user._contest_roles


UNIT_PREFIX = "unit:"


def _load_roles(user) -> None:
    """The user's groups and the units they are a contact of, in one query (a UNION): every
    page's menu asks for both."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from .models import UnitContact

    groups = user.groups.filter(name__in=[ORGANIZERS, JURORS]).order_by().values_list("name")
    units = (
        UnitContact.objects.for_user(user)
        .order_by()
        .annotate(label=Concat(Value(UNIT_PREFIX), Cast("unit_id", CharField())))
        .values_list("label")
    )
    labels = [label for (label,) in groups.union(units, all=True)]
    user._contest_roles = frozenset(label for label in labels if label in {ORGANIZERS, JURORS})
    user._contact_unit_ids = frozenset(
        int(label.removeprefix(UNIT_PREFIX)) for label in labels if label.startswith(UNIT_PREFIX)
    )


def forget_roles(user) -> None:
    for name in ("_contest_roles", "_contact_unit_ids"):
        with contextlib.suppress(AttributeError):
            delattr(user, name)


def forget_roles_on_group_change(sender, instance, action, reverse, **kwargs) -> None:
    """m2m_changed on User.groups: the user changed (``user.groups.add``) checks afresh."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        forget_roles(instance)


def is_organizer(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or ORGANIZERS in roles(user)


def is_juror(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or JURORS in roles(user)


def contact_unit_ids(user) -> frozenset[int]:
    """The units the user is a named contact (đầu mối) of: loaded with roles() in the same
    query and kept on the user object; empty for anyone signed out."""
    if not user.is_authenticated:
        return frozenset()
    if getattr(user, "_contact_unit_ids", None) is None:
        _load_roles(user)
    return user._contact_unit_ids


def is_unit_contact(user) -> bool:
    return bool(contact_unit_ids(user))
