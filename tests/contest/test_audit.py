"""The audit log: each organizer action that matters for fairness, with before and after."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner
from banners.services.banners import banner_save
from contest.models import AuditEntry
from contest.services.audit import audit_record
from gallery.exports import gallery_audit_entries
from gallery.services.jury import results_publish
from gallery.services.moderation import entry_hide
from gallery.services.votes import vote_cast, vote_void, votes_void_cluster
from quizzes.exports import round_audit_entries
from quizzes.models import Round
from quizzes.services.questions import question_restore, question_retire, question_save
from quizzes.services.ranking import round_close, round_publish, rounds_close_due
from quizzes.services.reveal import round_reveal
from quizzes.services.rounds import round_save
from tests.factories import OrganizerFactory, ParticipantFactory, UnitFactory, make_round
from tests.gallery.conftest import gallery, make_poem  # noqa: F401 (fixture)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


def past_round(**fields):
    now = timezone.now()
    return make_round(
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prediction=Round.Prediction.PERFECT,
        **fields,
    )


def last(action):
    return AuditEntry.objects.filter(action=action).latest("at")


def test_round_edit_records_each_changed_field_before_and_after(organizer):
    round = make_round(prizes_first=1)
    old_close = round.closes_at
    topic = round.quotas.first().topic
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    round.closes_at = old_close + timedelta(days=2)
    round.prizes_first = 3
    round_save(round=round, quotas=quotas, actor=organizer)
    entry = last(Action.ROUND_EDIT)
    assert entry.actor == organizer and entry.actor_label == organizer.email
    assert (entry.target_type, entry.target_id) == ("quizzes.round", round.pk)
    assert entry.changes["prizes_first"] == [1, 3]
    assert set(entry.changes) == {"closes_at", "prizes_first"}
    before, after = entry.changes["closes_at"]
    assert before.startswith(timezone.localtime(old_close).strftime("%Y-%m-%dT%H:%M"))
    assert after.startswith(timezone.localtime(round.closes_at).strftime("%Y-%m-%dT%H:%M"))
    # Quotas changed too: recorded by topic name.
    round_save(round=round, quotas=[(topic, 1)], actor=organizer)
    assert last(Action.ROUND_EDIT).changes["quotas"][1] == {topic.name: 1}


def test_saving_a_round_unchanged_records_nothing(organizer):
    round = make_round()
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    round_save(round=round, quotas=quotas, actor=organizer)
    assert not AuditEntry.objects.exists()


def test_close_publish_and_reveal_are_recorded_with_their_actor(organizer):
    round = past_round()
    take(round, ParticipantFactory(), start=round.opens_at, seconds=60, prediction=1)
    round_close(round=round, actor=organizer)
    round_publish(round=round, actor=organizer)
    round_publish(round=round, actor=organizer)  # publishing again changes nothing
    round_reveal(round_id=round.pk, tier="first", user=organizer)
    close = last(Action.ROUND_CLOSE)
    assert close.actor == organizer and close.changes["ranked"] == 1
    assert close.changes["prediction_target"] == 1
    assert AuditEntry.objects.filter(action=Action.ROUND_PUBLISH).count() == 1
    assert last(Action.ROUND_REVEAL).changes == {"tier": "first"}


def test_the_sweep_closing_a_round_is_recorded_as_the_system():
    round = past_round()
    assert rounds_close_due() == 1
    entry = last(Action.ROUND_CLOSE)
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.target_id == round.pk


def test_question_edit_retire_and_restore_are_recorded(organizer):
    round = make_round(opens_at=timezone.now() + timedelta(days=1))  # not open yet
    question = round.bank.questions.first()
    saved = question_save(
        question=question,
        bank=round.bank,
        topic=question.topic,
        text="Câu hỏi đã sửa?",
        explanation=question.explanation,
        difficulty=question.difficulty,
        choices=[("Đúng", True), ("Sai", False)],
        actor=organizer,
    )
    edit = last(Action.QUESTION_EDIT)
    assert edit.target_id == question.pk and edit.actor == organizer
    assert edit.changes["text"] == [question.text, "Câu hỏi đã sửa?"]
    assert edit.changes["choices"][1] == ["✓ Đúng", "✗ Sai"]
    assert edit.changes.get("new_version") == saved.pk  # a coming round draws its topic
    question_retire(question=saved, actor=organizer)
    question_restore(question=saved, actor=organizer)
    assert last(Action.QUESTION_RETIRE).target_id == saved.pk
    assert last(Action.QUESTION_RESTORE).changes["retired_at"][1] is None
    # The round's export sheet finds these entries through the round's topics.
    assert round_audit_entries(round).filter(action=Action.QUESTION_EDIT).exists()


def test_a_refused_action_leaves_no_entry(organizer):
    round = make_round()  # still open: closing it is refused
    with pytest.raises(ValidationError):
        round_close(round=round, actor=organizer)
    assert not AuditEntry.objects.exists()


def test_an_entry_rolls_back_with_its_action(organizer):
    round = make_round()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=organizer, action=Action.ROUND_EDIT, target=round, changes={})
        raise RuntimeError
    assert not AuditEntry.objects.exists()


def test_voiding_votes_links_the_vote_log(gallery, organizer):  # noqa: F811
    entry = make_poem(gallery)
    voters = [ParticipantFactory().user for _ in range(3)]
    votes = [vote_cast(voter=v, entry=entry, ip="203.0.113.7", user_agent="x") for v in voters]
    vote_void(vote=votes[0], by=organizer, reason="Tài khoản ảo")
    single = last(Action.VOTE_VOID)
    assert single.target_type == "gallery.vote" and single.target_id == votes[0].pk
    assert single.changes["vote_ids"] == [votes[0].pk]
    assert single.changes["reason"] == "Tài khoản ảo"
    count = votes_void_cluster(
        gallery=gallery,
        ip_hash=votes[1].ip_hash,
        voter_ids=[v.pk for v in voters],
        by=organizer,
        reason="Cùng một địa chỉ",
    )
    cluster = last(Action.VOTE_CLUSTER_VOID)
    assert count == 2 and cluster.changes["votes"] == 2 and cluster.changes["voters"] == 2
    assert sorted(cluster.changes["vote_ids"]) == sorted(v.pk for v in votes[1:])
    assert gallery_audit_entries(gallery).count() >= 3  # + the approval of the poem


def test_hiding_an_entry_and_publishing_gallery_results_are_recorded(gallery, organizer):  # noqa: F811
    entry = make_poem(gallery)
    entry_hide(entry=entry, by=organizer, reason="Trùng bài đã đăng")
    assert last(Action.ENTRY_MODERATE).changes["status"] == ["approved", "hidden"]
    gallery.voting_closes_at = timezone.now() - timedelta(minutes=1)
    gallery.voting_opens_at = gallery.voting_closes_at - timedelta(days=1)
    gallery.save()
    results_publish(gallery=gallery, actor=organizer)
    published = last(Action.GALLERY_PUBLISH)
    assert published.actor == organizer and published.target_id == gallery.pk


def test_banner_changes_are_recorded_field_by_field(organizer):
    banner = banner_save(
        banner=Banner(name="Sảnh chính", target=Banner.Target.PAGE, path="/"), actor=organizer
    )
    banner.name = "Sảnh chính – tầng 1"
    banner.unit = UnitFactory(name="Sở Nội vụ")
    banner_save(banner=banner, actor=organizer)
    edits = AuditEntry.objects.filter(action=Action.BANNER_SAVE).order_by("id")
    assert edits.count() == 2
    assert edits[1].changes == {
        "name": ["Sảnh chính", "Sảnh chính – tầng 1"],
        "unit": [None, {"id": banner.unit_id, "name": "Sở Nội vụ"}],
    }
    page = desk_page(organizer)
    assert "Sảnh chính → Sảnh chính – tầng 1" in page and "— → Sở Nội vụ" in page


# --- Pages and exports ----------------------------------------------------------------
def desk_page(organizer) -> str:
    from django.test import Client

    client = Client()
    client.force_login(organizer)
    return client.get(reverse("contest:audit-log")).content.decode()


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


def test_page_lists_newest_first_filters_and_escapes(desk, organizer):
    round = make_round(title="<script>alert(1)</script>")
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    round.prizes_first = 4
    round_save(round=round, quotas=quotas, actor=organizer)
    other = OrganizerFactory(email="khac@example.org")
    round.prizes_second = 7
    round_save(round=round, quotas=quotas, actor=other)
    page = desk.get(reverse("contest:audit-log")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index("khac@example.org") < page.index(organizer.email)  # newest first
    assert "Thay đổi đợt thi" in page  # the action in Vietnamese
    filtered = desk.get(reverse("contest:audit-log"), {"actor": "khac@"}).content.decode()
    assert "khac@example.org" in filtered and organizer.email not in filtered.split("<ol")[1]


def test_the_object_filter_offers_the_kinds_the_log_has_named_by_their_models(desk, organizer):
    with transaction.atomic():
        banner = banner_save(banner=Banner(name="Bến xe", target="page", path="/"), actor=organizer)
    page = desk.get(reverse("contest:audit-log")).content.decode()
    assert '<option value="banners.banner">Băng rôn</option>' in page
    assert 'value="quizzes.round"' not in page  # no round in the log yet
    filtered = desk.get(reverse("contest:audit-log"), {"target_type": "banners.banner"})
    assert [row[0].target_id for row in filtered.context["rows"]] == [banner.pk]


def test_whole_log_export_neutralises_formulas(desk, organizer):
    round = make_round(title='=HYPERLINK("http://x")')
    quotas = [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]
    round.title = "+1+1"
    round_save(round=round, quotas=quotas, actor=organizer)
    response = desk.get(reverse("contest:audit-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Nhật ký"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "Thay đổi đợt thi"
    assert rows[1][3] == "'+1+1"
    assert not any(
        isinstance(cell, str) and cell.startswith(("=", "+", "-", "@"))
        for row in rows
        for cell in row
    )


def test_round_ranking_export_has_the_rounds_audit_sheet(desk, organizer):
    round = past_round()
    other_round = past_round()
    take(round, ParticipantFactory(), start=round.opens_at, seconds=60, prediction=1)
    round_close(round=round, actor=organizer)
    round_close(round=other_round, actor=organizer)
    response = desk.get(reverse("quizzes:round-ranking-export", args=[round.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[-1] == "Nhật ký"
    rows = list(book["Nhật ký"].iter_rows(values_only=True))
    assert len(rows) == 2  # header + this round's closing, not the other round's
    assert rows[1][1] == organizer.email and rows[1][2] == "Đóng đợt thi"


def test_gallery_rankings_export_has_the_gallerys_audit_sheet(desk, gallery, organizer):  # noqa: F811
    entry = make_poem(gallery)
    voter = ParticipantFactory().user
    vote = vote_cast(voter=voter, entry=entry, ip="203.0.113.7", user_agent="x")
    vote_void(vote=vote, by=organizer, reason="@gian lận")
    response = desk.get(reverse("gallery:rankings-export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["Nhật ký"].iter_rows(values_only=True))
    [void] = [row for row in rows[1:] if row[2] == "Huỷ phiếu bầu"]
    assert "lý do: @gian lận" in void[4]  # inside the text: not a formula


def test_a_question_import_is_recorded_and_found_by_the_rounds_sheet(organizer):
    from quizzes.services.bank_io import questions_import

    round = make_round()
    topic = round.quotas.first().topic
    gift = "::Q:: Nghị quyết 76/NQ-CP ban hành năm nào? {=2021 ~2011 ~2016}\n"
    report = questions_import(
        bank=round.bank,
        data=gift.encode(),
        filename="them.gift",
        default_topic=topic.name,
        actor=organizer,
    )
    assert report.ok
    entry = last(Action.QUESTIONS_IMPORT)
    assert entry.changes == {"file": "them.gift", "questions": 1, "topics_created": []}
    assert round_audit_entries(round).filter(pk=entry.pk).exists()


def test_gallery_settings_page_records_windows_and_criteria_changes(desk, gallery, organizer):  # noqa: F811
    from gallery.forms import CriterionFormSet, GalleryConfigForm

    for name in ("submissions_open_at", "submissions_close_at", "voting_opens_at"):
        setattr(gallery, name, getattr(gallery, name).replace(second=0, microsecond=0))
    gallery.save()  # whole minutes, as the form's fields hold them
    form = GalleryConfigForm(instance=gallery)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    for name in ("submissions_open_at", "submissions_close_at", "voting_opens_at"):
        data[name] = timezone.localtime(getattr(gallery, name)).strftime("%Y-%m-%dT%H:%M")
    new_close = timezone.localtime(gallery.voting_closes_at + timedelta(days=3))
    data["voting_closes_at"] = new_close.strftime("%Y-%m-%dT%H:%M")
    formset = CriterionFormSet(instance=gallery)
    data["criteria-TOTAL_FORMS"] = len(formset.forms)
    data["criteria-INITIAL_FORMS"] = formset.initial_form_count()
    for i, criterion_form in enumerate(formset.forms):
        for name in ("id", "name", "weight", "position"):
            value = criterion_form[name].value()
            data[f"criteria-{i}-{name}"] = "" if value is None else value
    data["criteria-0-weight"] = 9
    response = desk.post(reverse("gallery:config-edit"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = last(Action.GALLERY_EDIT)
    assert set(entry.changes) == {"voting_closes_at", "criteria"}
    assert entry.changes["criteria"][1][0] == "Nội dung ×9"
    text = desk.get(reverse("contest:audit-log")).content.decode()
    assert "Nội dung ×4, Sáng tạo ×3, Thẩm mỹ ×3 → Nội dung ×9" in text
