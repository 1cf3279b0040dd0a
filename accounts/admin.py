from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import User

# Django stores a permission's name in English when it creates it ("Can add unit"); the
# admin shows it in the reader's language from its codename and its model's own name.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission) -> str:
    action = permission.codename.split("_", 1)[0]
    model = permission.content_type.model_class()
    name = permission.name
    own = model is not None and permission.codename == f"{action}_{model._meta.model_name}"
    if own and action in PERMISSION_ACTIONS:
        name = str(PERMISSION_ACTIONS[action]) % {"model": model._meta.verbose_name}
    return f"{permission.content_type} | {gettext(name)}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class PermissionsInWords:
    """The permission lists of users and groups, in the reader's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(PermissionsInWords, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["__str__", "email", "is_staff", "is_active", "date_joined", "last_login"]
    search_fields = ["email", "participant__phone"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionsInWords, BaseGroupAdmin):
    pass
