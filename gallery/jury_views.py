"""Jurors' pages: entries without their authors, and the score form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from contest.decorators import juror_required

from .forms import ReviewForm
from .models import GalleryConfig, JuryReview
from .selectors import jury_entries
from .services.jury import review_save


@juror_required
def jury_home_view(request):
    gallery = GalleryConfig.current_or_404()
    # Only what jurors need: no author, no pen name (anonymous judging).
    entries = (
        jury_entries(gallery, request.user)
        .only("id", "kind", "title", "renditions", "image_width", "image_height", "gallery_id")
        .order_by("id")
    )
    mine = {
        review.entry_id: review
        for review in JuryReview.objects.filter(juror=request.user, entry__gallery=gallery)
    }
    rows = [(entry, mine.get(entry.pk)) for entry in entries]
    done = sum(1 for _entry, review in rows if review)
    return render(
        request,
        "gallery/jury/home.html",
        {"gallery": gallery, "rows": rows, "done": done, "total": len(rows)},
    )


@juror_required
def jury_score_view(request, pk):
    gallery = GalleryConfig.current_or_404()
    # A juror's own entry answers 404, as if it were not there: it is not theirs to score.
    entry = get_object_or_404(jury_entries(gallery, request.user), pk=pk)
    review = JuryReview.objects.filter(entry=entry, juror=request.user).first()
    form = ReviewForm(request.POST or None, criteria=gallery.criteria.all(), review=review)
    locked = gallery.results_published_at is not None
    if request.method == "POST" and form.is_valid():
        try:
            review_save(
                entry=entry, juror=request.user, scores=form.scores, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your scores are saved."))
            following = (
                jury_entries(gallery, request.user)
                .filter(pk__gt=entry.pk)
                .exclude(reviews__juror=request.user)
                .order_by("id")
                .first()
            )
            if following:
                return redirect("gallery:jury-score", pk=following.pk)
            return redirect("gallery:jury-home")
    return render(
        request,
        "gallery/jury/score.html",
        {"gallery": gallery, "entry": entry, "form": form, "locked": locked},
    )
