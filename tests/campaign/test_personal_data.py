"""A participant downloads their own data, or deletes it while results stay reproducible."""

import io
import json
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner, ScanSignup
from banners.services.banners import banner_save
from contest.models import AuditEntry, Participant
from gallery.models import Entry, Vote
from gallery.services.votes import vote_cast
from quizzes.models import RankingEntry, Round
from quizzes.services.ranking import round_close, round_publish
from tests.factories import PASSWORD, OrganizerFactory, ParticipantFactory, make_round
from tests.gallery.conftest import _private_root, gallery, make_poem, make_poster  # noqa: F401
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return ParticipantFactory(
        full_name="Lê Thị Hồng", phone="0987654321", cccd="079123456789", commune="Phường 1"
    )


@pytest.fixture
def me(client, person):
    client.force_login(person.user)
    return client


def past_round(**fields):
    now = timezone.now()
    return make_round(
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prediction=Round.Prediction.PERFECT,
        **fields,
    )


# --- Download -------------------------------------------------------------------------
def test_json_download_holds_account_profile_attempts_entries_votes_and_scan(
    me,
    person,
    gallery,  # noqa: F811
):
    round = past_round()
    take(round, person, start=round.opens_at, seconds=90, wrong=1, prediction=4)
    poem = make_poem(gallery, person.user, title="Một cửa thân thiện")
    other_entry = make_poem(gallery, title="Bài của người khác")
    vote_cast(voter=person.user, entry=other_entry, ip="203.0.113.5", user_agent="Zalo")
    banner = banner_save(banner=Banner(name="Chợ nổi", target=Banner.Target.PAGE, path="/"))
    ScanSignup.objects.create(user=person.user, banner=banner, visitor="abc")

    response = me.get(reverse("campaign:personal-data-json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == person.user.email
    assert data["profile"]["phone"] == "0987654321"
    assert data["profile"]["cccd"] == "079123456789"
    [attempt] = data["attempts"]
    assert attempt["score"] == attempt["question_count"] - 1
    assert attempt["prediction"] == 4 and len(attempt["answers"]) == attempt["question_count"]
    assert all(answer["answer"] for answer in attempt["answers"])  # the texts chosen
    assert [e["title"] for e in data["gallery_entries"]] == [poem.title]
    assert [v["entry"] for v in data["votes"]] == [other_entry.pk]
    assert data["banner_scan"]["banner"] == "Chợ nổi"
    text = response.content.decode()
    vote = Vote.objects.get(voter=person.user)
    assert vote.ip_hash not in text and vote.ua_hash not in text  # no hashes


def test_the_download_holds_my_banner_checks_and_my_invite_link_and_credit(me, person):
    from decimal import Decimal

    from banners.services.checks import banner_check_record
    from contest.services.participants import participant_invite_code
    from invites.models import InviteSignup

    banner = banner_save(
        banner=Banner(name="Cổng UBND phường", target=Banner.Target.PAGE, path="/")
    )
    banner_check_record(
        banner=banner,
        state="damaged",
        actor=person.user,
        note="Rách góc",
        latitude=Decimal("10.030000"),
        longitude=Decimal("105.780000"),
        accuracy_m=12,
    )
    code = participant_invite_code(participant=person)
    InviteSignup.objects.create(user=ParticipantFactory().user, inviter=person)

    data = json.loads(me.get(reverse("campaign:personal-data-json")).content)
    [check] = data["banner_checks"]
    assert (check["banner"], check["state"], check["note"]) == (
        "Cổng UBND phường",
        "Hư hỏng",
        "Rách góc",
    )
    assert (check["latitude"], check["longitude"], check["accuracy_m"]) == (10.03, 105.78, 12)
    assert data["invites"]["invite_code"] == code
    assert data["invites"]["signups_brought"] == 1
    book = openpyxl.load_workbook(
        io.BytesIO(me.get(reverse("campaign:personal-data-xlsx")).content)
    )
    assert {"Kiểm tra băng rôn", "Lời mời"} <= set(book.sheetnames)


def test_after_deletion_my_invite_link_credits_nobody(me, person):
    from contest.services.participants import participant_invite_code

    code = participant_invite_code(participant=person)
    me.post(reverse("campaign:personal-data-delete"), {"confirmation": "xoá dữ liệu"})
    person.refresh_from_db()
    assert person.deleted_at is not None and person.invite_code is None
    assert Client().get(reverse("invites:invite-open", args=[code])).status_code == 404


def test_correctness_is_left_out_while_the_round_does_not_show_answers(me, person):
    round = make_round()  # open: the answer key is secret
    take(round, person, start=timezone.now(), seconds=30, prediction=2)
    data = json.loads(me.get(reverse("campaign:personal-data-json")).content)
    assert {answer["correct"] for answer in data["attempts"][0]["answers"]} == {None}


def test_xlsx_download_has_a_sheet_per_part_with_formulas_neutralised(me, person):
    Participant.objects.filter(pk=person.pk).update(commune='=HYPERLINK("http://x")')
    round = past_round()
    take(round, person, start=round.opens_at, seconds=60, prediction=2)
    response = me.get(reverse("campaign:personal-data-xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Tài khoản", "Hồ sơ", "Lượt thi"} <= set(book.sheetnames)
    profile = dict(book["Hồ sơ"].iter_rows(values_only=True))
    assert profile["Số điện thoại"] == "0987654321"
    assert profile["Xã/phường"] == '\'=HYPERLINK("http://x")'
    answers = list(book["Câu trả lời"].iter_rows(values_only=True))
    assert answers[0][:4] == ("Đợt thi", "Lượt thi", "Thứ tự", "Câu hỏi")
    assert len(answers) == 1 + 5


def test_nobody_downloads_another_persons_data(client, person):
    other = ParticipantFactory(full_name="Phạm Văn Bốn", phone="0911222333")
    client.force_login(other.user)
    text = client.get(reverse("campaign:personal-data-json")).content.decode()
    assert "0987654321" not in text and "0911222333" in text


# --- Deletion -------------------------------------------------------------------------
def test_a_wrong_phrase_deletes_nothing_and_keeps_what_was_typed(me, person):
    response = me.post(reverse("campaign:personal-data-delete"), {"confirmation": "xoá đi"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa có gì bị xoá" in page and 'value="xoá đi"' in page
    assert "xoá dữ liệu" in page
    person.refresh_from_db()
    assert person.phone == "0987654321" and person.deleted_at is None


def test_deletion_anonymises_the_person_and_keeps_the_ranking_reproducible(
    me,
    person,
    gallery,  # noqa: F811
):
    round = past_round(prizes_first=1)
    take(round, person, start=round.opens_at, seconds=60, prediction=1)
    take(round, ParticipantFactory(), start=round.opens_at, seconds=90, prediction=1)
    round_close(round=round)
    round_publish(round=round)
    ranking_before = list(round.ranking.values_list("rank", "attempt_id", "score", "prize"))
    entry = make_poem(gallery)
    vote_cast(voter=person.user, entry=entry, ip="203.0.113.5", user_agent="Zalo")
    counted_before = entry.votes.filter(voided_at__isnull=True).count()

    phone_session = Client()
    phone_session.force_login(person.user)  # signed in on another device too
    response = me.post(
        reverse("campaign:personal-data-delete"), {"confirmation": "Xoa du lieu"}, follow=True
    )
    assert phone_session.get(reverse("contest:profile-edit")).status_code == 302
    assert "Dữ liệu cá nhân của bạn đã được xoá" in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == f"Thí sinh đã xoá #{person.pk}"
    assert (person.phone, person.cccd, person.commune, person.date_of_birth) == ("", "", "", None)
    assert person.deleted_at is not None and person.unit_id is not None
    # The ranking is the same, under the anonymous name and without the phone.
    assert list(round.ranking.values_list("rank", "attempt_id", "score", "prize")) == (
        ranking_before
    )
    row = RankingEntry.objects.get(participant=person)
    assert (row.full_name, row.phone) == (person.full_name, "")
    ranking_page = Client().get(reverse("quizzes:round-results", args=[round.pk]))
    assert "Lê T. H." not in ranking_page.content.decode()
    assert f"Thí sinh đã xoá #{person.pk}" in ranking_page.content.decode()
    # The vote still counts, for an account that is no longer anyone.
    assert entry.votes.filter(voided_at__isnull=True).count() == counted_before
    user = get_user_model().objects.get(pk=person.user_id)
    assert user.email == f"deleted-{user.pk}@invalid" and not user.is_active
    assert not user.has_usable_password()
    assert not Client().login(email="deleted", password=PASSWORD)
    assert me.get(reverse("contest:profile-edit")).status_code == 302  # signed out
    # The phone is free again for a new account.
    ParticipantFactory(phone="0987654321")
    # The audit entry says what was kept, without personal data.
    audit = AuditEntry.objects.get(action=AuditEntry.Action.DATA_DELETE)
    assert audit.changes["attempts"] == 1 and audit.changes["votes_kept"] == 1
    assert "0987654321" not in json.dumps(audit.changes) + audit.target_label + audit.actor_label
    assert "Hồng" not in audit.target_label


def test_entries_are_withdrawn_with_their_files_unless_results_are_published(
    django_capture_on_commit_callbacks,
    person,
    gallery,  # noqa: F811
):
    from campaign.services.personal_data import personal_data_delete

    poster = make_poster(gallery, person.user, title="Tranh một cửa")
    poem = make_poem(gallery, person.user, title="Thơ cải cách", pen_name="Sen Hồng")
    files = [f for f in Path(settings.MEDIA_ROOT).rglob("*") if f.is_file()]
    private = [f for f in Path(settings.GALLERY_PRIVATE_ROOT).rglob("*") if f.is_file()]
    assert files and private
    with django_capture_on_commit_callbacks(execute=True):
        kept = personal_data_delete(user=person.user, confirmation="xoá dữ liệu")
    assert kept["entries_withdrawn"] == 2
    for entry in (poster, poem):
        entry.refresh_from_db()
        assert entry.status == Entry.Status.WITHDRAWN and entry.title == "Tác phẩm đã xoá"
        assert entry.pen_name == "" and entry.poem == "" and entry.renditions == []
    assert not any(f.exists() for f in files + private)


def test_published_entries_stay_as_published_with_the_author_anonymised(
    person,
    gallery,  # noqa: F811
):
    from campaign.services.personal_data import personal_data_delete

    poem = make_poem(gallery, person.user, title="Thơ cải cách", pen_name="Sen Hồng")
    gallery.results_published_at = timezone.now()
    gallery.save()
    kept = personal_data_delete(user=person.user, confirmation="XOÁ DỮ LIỆU")
    assert kept == {**kept, "entries_withdrawn": 0, "entries_kept_published": 1}
    poem.refresh_from_db()
    assert poem.status == Entry.Status.APPROVED
    assert (poem.title, poem.pen_name) == ("Thơ cải cách", "Sen Hồng")
    assert poem.author.participant.full_name.startswith("Thí sinh đã xoá")


def test_organizers_cannot_delete_themselves_here(client):
    organizer = OrganizerFactory()
    client.force_login(organizer)
    response = client.post(
        reverse("campaign:personal-data-delete"), {"confirmation": "xoá dữ liệu"}
    )
    assert "không thể tự xoá tài khoản" in response.content.decode()
    organizer.refresh_from_db()
    assert organizer.is_active and not organizer.email.startswith("deleted-")


def test_profile_page_links_to_the_personal_data_page(me):
    page = me.get(reverse("contest:profile-edit")).content.decode()
    assert reverse("campaign:personal-data") in page
    page = me.get(reverse("campaign:personal-data")).content.decode()
    assert "Dữ liệu cá nhân của tôi" in page and reverse("campaign:personal-data-delete") in page
