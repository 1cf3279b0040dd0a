from django.contrib import admin

from .models import Criterion, Entry, GalleryConfig, JuryReview, JuryScore, Vote, VoteEvent


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(GalleryConfig)
class GalleryConfigAdmin(admin.ModelAdmin):
    list_display = ["title", "contest", "submissions_close_at", "voting_closes_at"]
    inlines = [CriterionInline]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "kind", "status", "author", "created_at"]
    list_filter = ["kind", "status", "gallery"]
    search_fields = ["title", "pen_name", "author__email"]
    raw_id_fields = ["author", "moderated_by"]
    readonly_fields = ["image_key", "renditions", "original_name", "master_name", "image_hash"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["id", "entry", "voter", "day", "created_at", "voided_at"]
    list_filter = ["voided_at"]
    raw_id_fields = ["entry", "voter", "voided_by"]

    def has_add_permission(self, request):
        return False  # votes come only through the site, which logs them


@admin.register(VoteEvent)
class VoteEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "entry", "voter", "actor", "ip_hash"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class JuryScoreInline(admin.TabularInline):
    model = JuryScore
    extra = 0


@admin.register(JuryReview)
class JuryReviewAdmin(admin.ModelAdmin):
    list_display = ["entry", "juror", "updated_at"]
    inlines = [JuryScoreInline]
