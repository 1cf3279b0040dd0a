from django.contrib import admin

from contest.services.audit import form_fields

from .models import Banner, BannerCheck, Scan, ScanSignup
from .services.banners import banner_save
from .services.checks import photo_delete


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "target", "unit", "is_active", "created_at"]
    list_filter = ["target", "is_active"]
    search_fields = ["name", "code", "commune"]
    readonly_fields = ["code", "created_at"]
    raw_id_fields = ["unit", "round"]

    def save_model(self, request, obj, form, change):
        # A new banner gets its random code there.
        banner_save(banner=obj, fields=form_fields(form), actor=request.user)


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


@admin.register(BannerCheck)
class BannerCheckAdmin(admin.ModelAdmin):
    """Read only: checks are made on the phone, from the banner's QR code."""

    list_display = ["checked_at", "banner", "state", "checked_by"]
    list_filter = ["state"]
    search_fields = ["banner__name", "banner__code"]
    list_select_related = ["banner", "checked_by"]
    date_hierarchy = "checked_at"
    exclude = ["photo_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        photo_delete(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for check in queryset:
            photo_delete(check)
        super().delete_queryset(request, queryset)
