"""Unit contacts (đầu mối đơn vị): the organizers name them and see every unit's rate; a
contact sees their own unit, round by round, and reminds its staff."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.request_checks import RequestRefused
from contest.decorators import organizer_required
from contest.models import Contest, Unit, UnitContact
from contest.numbers import parse_id
from contest.roles import contact_unit_ids, is_organizer
from quizzes.models import Round

from .contact_forms import ContactAddForm
from .selectors_contacts import (
    DEFAULT_SORT,
    SORTS,
    contact_units,
    contacts_by_unit,
    default_round,
    person_name,
    sort_rates,
    unit_rates,
    unit_rounds,
)
from .services.contacts import contact_add, contact_remove, reminder_send


def unit_view(*, organizers: bool):
    """The view of one unit (`unit_id` in the URL): for its contacts, and for organizers if
    `organizers`. Anyone else gets a 404, as if the unit did not exist."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, unit_id, *args, **kwargs):
            allowed = unit_id in contact_unit_ids(request.user) or (
                organizers and is_organizer(request.user)
            )
            if not allowed:
                raise Http404
            unit = get_object_or_404(Unit, pk=unit_id)
            return view(request, unit, *args, **kwargs)

        return wrapper

    return decorate


# --- The contact's pages ----------------------------------------------------------------
@require_safe
@login_required
def my_units_view(request):
    """ "Đơn vị của tôi": the contact's unit, or the choice when they have several."""
    units = contact_units(request.user)
    if not units:
        raise PermissionDenied
    if len(units) == 1:
        return redirect("campaign:my-unit", unit_id=units[0].pk)
    return render(request, "campaign/contact_units.html", {"units": units})


@require_safe
@unit_view(organizers=True)
def my_unit_view(request, unit):
    contest = Contest.current()
    is_contact = unit.pk in contact_unit_ids(request.user)
    context = {
        "unit": unit,
        "contest": contest,
        "rounds": unit_rounds(unit=unit, contest=contest) if contest else [],
        "is_contact": is_contact,
        "other_units": [u for u in contact_units(request.user) if u.pk != unit.pk],
        "show_phones": bool(contest and contest.contacts_see_phones),
    }
    return render(request, "campaign/contact_unit.html", context)


@require_POST
@unit_view(organizers=False)
def unit_remind_view(request, unit, round_id):
    contest = Contest.current()
    round = get_object_or_404(Round, pk=round_id, contest=contest) if contest else None
    if round is None:
        raise Http404
    try:
        result = reminder_send(unit=unit, round=round, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Reminder sent: %(sms)d by text message, %(email)d by email; "
                "%(none)d without a verified phone or email; %(failed)d failed."
            )
            % {
                "sms": result.by_sms,
                "email": result.by_email,
                "none": result.without_address,
                "failed": result.failed,
            },
        )
    return redirect("campaign:my-unit", unit_id=unit.pk)


# --- The organizers' pages --------------------------------------------------------------
@organizer_required
def contact_list_view(request):
    """Name a unit's contacts; see and remove every unit's."""
    form = ContactAddForm(request.POST or None, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        unit, user = form.cleaned_data["unit"], form.cleaned_data["account"]
        try:
            contact_add(unit=unit, user=user, actor=request.user)
        except ValidationError as exc:
            form.add_error("account", exc)
        else:
            messages.success(
                request,
                _("%(person)s is now a contact of %(unit)s.")
                % {"person": person_name(user), "unit": unit.name},
            )
            return redirect("campaign:unit-contacts")
    contacts = contacts_by_unit()
    units = [
        (unit, contacts.get(unit.pk, []))
        for unit in Unit.objects.order_by("name")
        if unit.is_active or unit.pk in contacts
    ]
    return render(
        request,
        "campaign/contact_list.html",
        {
            "form": form,
            "units": units,
            "without": sum(1 for _unit, named in units if not named),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@organizer_required
def contact_remove_view(request):
    contact = get_object_or_404(
        UnitContact.objects.select_related("unit", "user__participant"),
        pk=parse_id(request.POST.get("contact")),
    )
    contact_remove(contact=contact, actor=request.user)
    messages.success(
        request,
        _("%(person)s is no longer a contact of %(unit)s.")
        % {"person": person_name(contact.user), "unit": contact.unit.name},
    )
    return redirect("campaign:unit-contacts")


@require_safe
@organizer_required
def unit_rates_view(request):
    """Every unit's participation rate in a round, sortable, those below threshold marked."""
    contest = Contest.current()
    rounds = list(contest.rounds.order_by("-opens_at", "-id")) if contest else []
    if "round" in request.GET:
        chosen = parse_id(request.GET["round"])
        round = next((r for r in rounds if r.pk == chosen), None)
        if round is None:
            raise Http404
    else:
        round = default_round(contest, timezone.now())
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        raise RequestRefused(
            _(
                "The list cannot be sorted that way. Sort it by unit name, participation rate "
                "or number of participants with the links at the top of the columns."
            )
        )
    rows = sort_rates(unit_rates(round), sort) if round else []
    return render(
        request,
        "campaign/unit_rates.html",
        {
            "contest": contest,
            "rounds": rounds,
            "round": round,
            "rows": rows,
            "sort": sort,
            "below": sum(1 for row in rows if row.below),
        },
    )
