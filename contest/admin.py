from django.contrib import admin

from .models import Banner, Contest, Participant, Scan, ScanSignup, Unit
from .services.banners import banner_save


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


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "target", "unit", "is_active", "created_at"]
    list_filter = ["target", "is_active"]
    search_fields = ["name", "code", "commune"]
    readonly_fields = ["code", "created_at"]
    raw_id_fields = ["unit", "round"]

    def save_model(self, request, obj, form, change):
        banner_save(banner=obj, actor=request.user)  # a new banner gets its random code there


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    """Read only: scans are facts recorded by the short link."""

    list_display = ["scanned_at", "code", "banner", "redirected", "device", "returning"]
    list_filter = ["redirected", "device", "returning"]
    search_fields = ["code"]
    list_select_related = ["banner"]
    date_hierarchy = "scanned_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScanSignup)
class ScanSignupAdmin(admin.ModelAdmin):
    list_display = ["user", "banner", "created_at"]
    list_select_related = ["user", "banner"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
