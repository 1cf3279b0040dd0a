"""Jury scores and publishing the results."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.services.audit import Action, audit_record, track_form
from gallery.models import Entry, GalleryConfig, JuryReview, JuryScore


def check_may_submit(*, gallery: GalleryConfig, author) -> None:
    """Refuse an entry from a juror when the contest keeps the jury out of the competition."""
    if gallery.bars_from_submitting(author):
        raise ValidationError(
            _("Members of the jury may not send entries to this competition."), code="juror"
        )


@transaction.atomic
def review_save(*, entry: Entry, juror, scores: dict[int, int], note: str = "") -> JuryReview:
    """A juror's scores (criterion id -> 1..10) and note for an entry, until results publish."""
    gallery = GalleryConfig.objects.select_for_update().get(pk=entry.gallery_id)
    if gallery.results_published_at:
        raise ValidationError(
            _("The results are published: scores can no longer change."), code="published"
        )
    if entry.status != Entry.Status.APPROVED:
        raise ValidationError(_("This entry is not in the competition."), code="not_public")
    if entry.author_id == juror.pk:
        raise ValidationError(_("You cannot score your own entry."), code="own_entry")
    criteria = {c.pk: c for c in gallery.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion."), code="incomplete")
    if any(not isinstance(s, int) or not 1 <= s <= 10 for s in scores.values()):
        raise ValidationError(_("Each score is a whole number from 1 to 10."), code="range")
    review, _created = JuryReview.objects.update_or_create(
        entry=entry, juror=juror, defaults={"note": (note or "").strip()}
    )
    for criterion_id, score in scores.items():
        JuryScore.objects.update_or_create(
            review=review, criterion=criteria[criterion_id], defaults={"score": score}
        )
    return review


@transaction.atomic
def results_publish(*, gallery: GalleryConfig, actor=None) -> GalleryConfig:
    """Freeze jury scores and show the winners page; not while votes can still change."""
    gallery = GalleryConfig.objects.select_for_update().get(pk=gallery.pk)
    if gallery.results_published_at:
        raise ValidationError(_("The results are already published."), code="published")
    if timezone.now() < gallery.voting_closes_at:
        raise ValidationError(
            _("Publish after voting closes: the public tally can still change."), code="voting"
        )
    gallery.results_published_at = timezone.now()
    gallery.save(update_fields=["results_published_at"])
    audit_record(
        actor=actor,
        action=Action.GALLERY_PUBLISH,
        target=gallery,
        changes={"results_published_at": [None, gallery.results_published_at]},
    )
    return gallery


def _criteria(gallery: GalleryConfig) -> list[str]:
    if not gallery.pk:
        return []
    return [f"{c.name} ×{c.weight}" for c in gallery.criteria.order_by("position", "id")]


@transaction.atomic
def gallery_settings_save(*, form, criteria_formset, actor=None) -> GalleryConfig:
    """Save the competition's settings (a valid form and criteria formset), audited.

    Every field the form changed is audited (`track_form`), and the criteria as a whole.
    """
    tracked = track_form(form)
    criteria_before = [] if tracked.created else _criteria(form.instance)
    gallery = form.save()
    criteria_formset.instance = gallery
    criteria_formset.save()
    changes = tracked.changes()
    criteria_after = _criteria(gallery)
    if criteria_after != criteria_before:
        changes["criteria"] = [criteria_before, criteria_after]
    if changes:
        audit_record(actor=actor, action=Action.GALLERY_EDIT, target=gallery, changes=changes)
    return gallery
