"""Pages of the campaign as a whole: the home page, the organizers' desk, and a
participant's personal data across every app (download and deletion)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from contest.decorators import organizer_required
from contest.models import Contest, Participant, Unit
from contest.xlsx import workbook_response

from .forms import DataDeleteForm
from .services.personal_data import (
    CONFIRM_PHRASE,
    deletion_refused_reason,
    export_filename,
    personal_data,
    personal_data_delete,
    personal_data_workbook,
)


def home_view(request):
    # The gallery (the poster and poem contest, if any) in the contest's query, the unit in
    # the participant's: one query each.
    contest = Contest.objects.active().select_related("gallery").first()
    rounds = contest.rounds.order_by("opens_at") if contest else []
    gallery = getattr(contest, "gallery", None)
    participant = None
    if request.user.is_authenticated:
        participant = (
            Participant.objects.select_related("unit").filter(user_id=request.user.pk).first()
        )
    return render(
        request,
        "campaign/home.html",
        {
            "contest": contest,
            "rounds": rounds,
            "gallery": gallery,
            "participant": participant,
            "now": timezone.now(),
        },
    )


@organizer_required
def organizer_home_view(request):
    return render(
        request,
        "campaign/organizer_home.html",
        {"contest": Contest.current(), "unit_count": Unit.objects.count()},
    )


# --- Personal data: the participant's own download and deletion --------------------
@login_required
def personal_data_view(request):
    return render(
        request,
        "campaign/personal_data.html",
        {"refusal": deletion_refused_reason(request.user)},
    )


@require_safe
@never_cache
@login_required
def personal_data_json_view(request):
    response = JsonResponse(
        personal_data(user=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(request.user, "json")}"'
    )
    return response


@require_safe
@never_cache
@login_required
def personal_data_xlsx_view(request):
    book = personal_data_workbook(personal_data(user=request.user))
    response = workbook_response(book, export_filename(request.user, "xlsx"))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def personal_data_delete_view(request):
    refusal = deletion_refused_reason(request.user)
    form = DataDeleteForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            personal_data_delete(user=request.user, confirmation=form.cleaned_data["confirmation"])
        except ValidationError as exc:
            form.add_error("confirmation", exc)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your personal data has been deleted and your account closed. "
                    "Your results stay in the rankings under an anonymous name."
                ),
            )
            return redirect("home")
    return render(
        request,
        "campaign/personal_data_delete.html",
        {"form": form, "phrase": CONFIRM_PHRASE, "refusal": refusal},
    )
