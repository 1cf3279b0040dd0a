from django.contrib import admin

from .models import Contest, Participant, Unit


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "ends_at", "is_active"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "headcount", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "participant_type", "unit_name", "created_at"]
    list_filter = ["participant_type", "unit"]
    search_fields = ["full_name", "phone", "cccd", "user__email"]
    raw_id_fields = ["user"]
    list_select_related = ["unit"]
    readonly_fields = ["consent_given_at", "created_at", "updated_at"]
