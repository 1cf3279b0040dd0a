"""The organizers' and jurors' groups, and checks on who may do what."""

from django.contrib.auth.models import Group, Permission

ORGANIZERS = "Ban tổ chức"
JURORS = "Ban giám khảo"

# app_label -> models whose add/change/delete/view permissions the organizers hold.
ORGANIZER_MODELS = {
    "contest": ["contest", "unit", "participant"],
    "banners": ["banner", "scan", "scansignup"],
    "gallery": ["galleryconfig", "criterion"],
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


def is_organizer(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ORGANIZERS).exists()


def is_juror(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=JURORS).exists()
