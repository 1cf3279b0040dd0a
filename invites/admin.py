from django.contrib import admin

from .models import InviteAward, InviteSignup


@admin.register(InviteSignup)
class InviteSignupAdmin(admin.ModelAdmin):
    list_display = ["user", "inviter", "round", "created_at"]
    list_select_related = ["user", "inviter", "round"]
    raw_id_fields = ["user", "inviter"]


@admin.register(InviteAward)
class InviteAwardAdmin(admin.ModelAdmin):
    list_display = ["round", "place", "participant", "finished", "signups", "awarded_at"]
    list_select_related = ["round", "participant"]
    readonly_fields = ["awarded_by", "awarded_at"]
    raw_id_fields = ["participant"]
