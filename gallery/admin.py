from django.contrib import admin

from .models import Criterion, Entry, GalleryConfig, JuryReview, JuryScore, Vote, VoteEvent


class ViewOnly:
    """Seen in the admin, changed only on the organizers' and jurors' pages.

    Those pages go through the services, which write the audit log and the vote log in the
    same transaction; an edit here would change windows, moderation, votes or scores with no
    trace (docs/audit.md).
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(ViewOnly, admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(GalleryConfig)
class GalleryConfigAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["title", "contest", "submissions_close_at", "voting_closes_at"]
    inlines = [CriterionInline]


@admin.register(Entry)
class EntryAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["id", "title", "kind", "status", "author", "created_at"]
    list_filter = ["kind", "status", "gallery"]
    search_fields = ["title", "pen_name", "author__email"]
    raw_id_fields = ["author", "moderated_by"]
    readonly_fields = ["image_key", "renditions", "original_name", "master_name", "image_hash"]


@admin.register(Vote)
class VoteAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["id", "entry", "voter", "day", "created_at", "voided_at"]
    list_filter = ["voided_at"]
    raw_id_fields = ["entry", "voter", "voided_by"]


@admin.register(VoteEvent)
class VoteEventAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["at", "action", "entry", "voter", "actor", "ip_hash"]
    list_filter = ["action"]


class JuryScoreInline(ViewOnly, admin.TabularInline):
    model = JuryScore
    extra = 0


@admin.register(JuryReview)
class JuryReviewAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["entry", "juror", "updated_at"]
    inlines = [JuryScoreInline]
