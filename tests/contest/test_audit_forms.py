"""Audited saves list what the form changed: no list of fields is kept beside a form."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from contest.models import AuditEntry
from contest.services.audit import form_fields, track_form
from gallery.forms import CriterionFormSet, GalleryConfigForm
from quizzes.forms import QuotaFormSet, RoundForm
from quizzes.models import Round
from quizzes.services.rounds import round_save
from tests.factories import make_round
from tests.gallery.conftest import gallery  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


def posted(*forms_) -> dict:
    """What a browser sends back for `forms_` unchanged: each field as its widget shows it."""
    data = {}
    for form in forms_:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
                continue
            shown = field.widget.format_value(value)
            if isinstance(shown, list):  # a select: the chosen options
                shown = shown[0] if shown else None
            data[key] = "" if shown is None else shown
    return data


def last(action) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


def whole_minutes(obj, *names):
    for name in names:
        setattr(obj, name, getattr(obj, name).replace(second=0, microsecond=0))
    obj.save()


def gallery_page_data(gallery) -> dict:  # noqa: F811
    formset = CriterionFormSet(instance=gallery)
    data = posted(GalleryConfigForm(instance=gallery), formset.management_form, *formset.forms)
    return data


def test_a_gallery_field_the_old_hand_list_lacked_is_audited(desk, gallery):  # noqa: F811
    # "rules" was on the settings form but not in the service's list: edits went unrecorded.
    whole_minutes(
        gallery,
        "submissions_open_at",
        "submissions_close_at",
        "voting_opens_at",
        "voting_closes_at",
    )
    data = gallery_page_data(gallery) | {"rules": "Mỗi người gửi tối đa 3 tác phẩm."}
    response = desk.post(reverse("gallery:config-edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = last(Action.GALLERY_EDIT)
    assert set(entry.changes) == {"rules"}
    assert entry.changes["rules"][1] == "Mỗi người gửi tối đa 3 tác phẩm."
    page = desk.get(reverse("contest:audit-log")).content.decode()
    assert "→ Mỗi người gửi tối đa 3 tác phẩm." in page


def test_saving_gallery_settings_unchanged_records_nothing(desk, gallery):  # noqa: F811
    whole_minutes(
        gallery,
        "submissions_open_at",
        "submissions_close_at",
        "voting_opens_at",
        "voting_closes_at",
    )
    response = desk.post(reverse("gallery:config-edit"), gallery_page_data(gallery))
    assert response.status_code == 302, response.context["form"].errors
    assert not AuditEntry.objects.filter(action=Action.GALLERY_EDIT).exists()


class WiderRoundForm(RoundForm):
    """The round form with a field added, as a later change to quizzes/forms.py would."""

    class Meta(RoundForm.Meta):
        fields = [*RoundForm.Meta.fields, "prediction_target"]


def test_a_field_added_to_the_round_form_is_audited_without_touching_the_service(organizer):
    round = make_round(prizes_first=1)
    whole_minutes(round, "opens_at", "closes_at")
    data = posted(WiderRoundForm(instance=round)) | {"prediction_target": "42", "prizes_first": "2"}
    form = WiderRoundForm(data, instance=round)
    assert form.is_valid(), form.errors
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    round_save(round=form.instance, quotas=quotas, fields=form_fields(form), actor=organizer)
    assert last(Action.ROUND_EDIT).changes == {
        "prediction_target": [None, 42],
        "prizes_first": [1, 2],
    }


def test_the_round_page_records_only_what_the_organizer_changed(desk, organizer):
    round = make_round(prizes_second=2)
    whole_minutes(round, "opens_at", "closes_at")
    quotas = QuotaFormSet(instance=round, form_kwargs={"bank": round.bank})
    formset_data = posted(quotas.management_form, *quotas.forms)
    data = posted(RoundForm(instance=round)) | formset_data | {"prizes_second": "5"}
    response = desk.post(reverse("quizzes:round-edit", args=[round.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = last(Action.ROUND_EDIT)
    assert entry.actor == organizer and entry.changes == {"prizes_second": [2, 5]}


def test_a_round_created_on_the_page_records_every_field_of_the_form(desk):
    round = make_round()
    data = posted(RoundForm()) | {
        "title": "Đợt mới",
        "bank": round.bank_id,
        "opens_at": "2026-12-01T07:00",
        "closes_at": "2026-12-08T22:00",
        "quotas-TOTAL_FORMS": 1,
        "quotas-INITIAL_FORMS": 0,
        "quotas-0-topic": round.quotas.first().topic_id,
        "quotas-0-count": 1,
    }
    response = desk.post(reverse("quizzes:round-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    new = Round.objects.get(title="Đợt mới")
    entry = last(Action.ROUND_CREATE)
    assert entry.target_id == new.pk
    assert set(entry.changes) == set(RoundForm.Meta.fields) | {"quotas"}
    assert entry.changes["title"] == [None, "Đợt mới"]
    assert entry.changes["bank"] == [None, {"id": round.bank_id, "name": str(round.bank)}]


def test_a_field_the_service_sets_outside_the_form_is_still_audited(organizer):
    # Without a form, every field of the round is compared with its stored row.
    round = make_round()
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    round.collective_prizes = 7
    round_save(round=round, quotas=quotas, actor=organizer)
    assert last(Action.ROUND_EDIT).changes == {"collective_prizes": [3, 7]}


def test_form_fields_skip_disabled_and_unchanged_fields_and_add_the_services_own(db):
    round = make_round()
    whole_minutes(round, "opens_at", "closes_at")
    data = posted(RoundForm(instance=round)) | {"title": "Đổi tên", "bank": "999999"}
    form = RoundForm(data, instance=round)
    form.fields["bank"].disabled = True  # as when attempts have drawn from the bank
    assert form.is_valid(), form.errors
    assert form_fields(form) == ["title"]
    assert form_fields(form, also=["closed_at"]) == ["title", "closed_at"]
    tracked = track_form(form, also=["closed_at"])
    form.instance.closed_at = timezone.now() - timedelta(minutes=1)
    form.instance.save()
    changes = tracked.changes()
    assert set(changes) == {"title", "closed_at"} and changes["closed_at"][0] is None
