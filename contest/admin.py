from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Contest, Participant, Unit, UnitContact


class ContestAdminForm(forms.ModelForm):
    unit_required_types = forms.MultipleChoiceField(
        label=_("participant types that choose a unit"),
        choices=Participant.Type.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The others give a commune (citizens) or a business name instead."),
    )

    class Meta:
        model = Contest
        exclude: list[str] = []


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    form = ContestAdminForm
    list_display = ["title", "starts_at", "ends_at", "is_active", "phone_verification"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "organizer_name", "description", "is_active"]}),
        (_("Dates"), {"fields": ["starts_at", "ends_at", "public_names"]}),
        (
            _("Registration and verification"),
            {"fields": ["unit_required_types", "phone_verification", "prize_requires_cccd"]},
        ),
        (
            _("Contact for participants"),
            {"fields": ["support_phone", "support_email", "support_url"]},
        ),
        (_("Unit contacts"), {"fields": ["contacts_see_phones"]}),
    ]


class UnitContactInline(admin.TabularInline):
    model = UnitContact
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "headcount", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [UnitContactInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "participant_type", "unit_name", "created_at"]
    list_filter = ["participant_type", "unit"]
    search_fields = ["full_name", "phone", "cccd", "user__email"]
    raw_id_fields = ["user"]
    list_select_related = ["unit"]
    readonly_fields = ["consent_given_at", "created_at", "updated_at", "phone_verified_at"]

    @admin.display(description=_("unit"), ordering="unit__name")
    def unit_name(self, participant):
        return participant.unit_name
