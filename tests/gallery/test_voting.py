from datetime import timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gallery.models import GalleryConfig, Vote, VoteEvent
from gallery.selectors import suspicious_clusters, tally
from gallery.services.votes import ALREADY_VOTED, vote_cast, vote_void, vote_withdraw
from tests.factories import UserFactory
from tests.gallery.conftest import make_poem

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(gallery):
    return make_poem(gallery)


@pytest.fixture
def voter(db):
    return UserFactory()


def vote(client, entry, action="cast", **headers):
    return client.post(reverse("gallery:vote", args=[entry.pk]), {"action": action}, **headers)


def test_a_verified_account_votes_once_per_entry(client, entry, voter):
    client.force_login(voter)
    response = vote(client, entry, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert Vote.objects.filter(entry=entry, voter=voter, voided_at=None).count() == 1
    second = vote(client, entry, REMOTE_ADDR="203.0.113.7")
    assert second.status_code == 302
    assert Vote.objects.count() == 1


def test_a_second_identical_vote_is_refused_by_the_database_not_a_500(entry, voter):
    vote_cast(voter=voter, entry=entry)
    with pytest.raises(ValidationError) as caught:
        vote_cast(voter=voter, entry=entry)
    assert caught.value.code == ALREADY_VOTED
    with pytest.raises(Exception) as raw:
        Vote.objects.create(entry=entry, voter=voter, day=entry.gallery.vote_day())
    assert "unique" in str(raw.value).lower()


def test_unverified_accounts_cannot_vote(client, entry):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)
    response = vote(client, entry, HTTP_X_REQUESTED_WITH="fetch")
    assert response.json()["ok"] is False
    assert not Vote.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, entry):
    response = vote(client, entry)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Vote.objects.exists()


def test_nobody_votes_for_their_own_entry(client, entry):
    client.force_login(entry.author)
    body = vote(client, entry, HTTP_X_REQUESTED_WITH="fetch").json()
    assert body["ok"] is False and not Vote.objects.exists()


def test_voting_window_is_enforced_by_the_server(client, entry, voter):
    gallery = entry.gallery
    gallery.voting_opens_at = timezone.now() + timedelta(hours=1)
    gallery.voting_closes_at = timezone.now() + timedelta(days=1)
    gallery.save()
    client.force_login(voter)
    vote(client, entry)
    assert not Vote.objects.exists()


def test_pending_entries_receive_no_votes(gallery, voter):
    entry = make_poem(gallery, approve=False)
    with pytest.raises(ValidationError):
        vote_cast(voter=voter, entry=entry)


def test_vote_by_fetch_answers_json_with_the_count(client, entry, voter):
    GalleryConfig.objects.filter(pk=entry.gallery_id).update(show_counts=True)
    client.force_login(voter)
    body = vote(client, entry, HTTP_X_REQUESTED_WITH="fetch").json()
    assert body == {"ok": True, "message": body["message"], "voted": True, "count": 1}
    body = vote(client, entry, action="withdraw", HTTP_X_REQUESTED_WITH="fetch").json()
    assert (body["voted"], body["count"]) == (False, 0)


def test_the_vote_form_needs_the_csrf_token(entry, voter):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(voter)
    assert vote(strict, entry).status_code == 403
    page = strict.get(reverse("gallery:entry-detail", args=[entry.pk]))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = strict.post(
        reverse("gallery:vote", args=[entry.pk]), {"action": "cast", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and Vote.objects.count() == 1


def test_withdraw_while_open_then_vote_again(entry, voter):
    vote_cast(voter=voter, entry=entry)
    vote_withdraw(voter=voter, entry=entry)
    assert not Vote.objects.exists()
    vote_cast(voter=voter, entry=entry)
    actions = list(VoteEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["cast", "withdraw", "cast"]


def test_withdraw_after_the_window_is_refused(entry, voter):
    vote_cast(voter=voter, entry=entry)
    GalleryConfig.objects.filter(pk=entry.gallery_id).update(
        voting_closes_at=timezone.now() - timedelta(seconds=1)
    )
    entry.gallery.refresh_from_db()
    with pytest.raises(ValidationError):
        vote_withdraw(voter=voter, entry=entry)
    assert Vote.objects.count() == 1


def test_daily_rule_allows_one_vote_per_local_day(entry, voter):
    gallery = entry.gallery
    gallery.vote_rule = GalleryConfig.VoteRule.DAILY
    gallery.save()
    # 23:30 on the 1st and 00:30 on the 2nd in Vietnam are two days (UTC+7).
    late = timezone.datetime(2026, 12, 1, 16, 30, tzinfo=timezone.UTC)
    gallery.voting_opens_at = late - timedelta(days=1)
    gallery.save()
    for now in (late, late + timedelta(hours=1)):
        with mock.patch("django.utils.timezone.now", return_value=now):
            vote_cast(voter=voter, entry=entry)
            with pytest.raises(ValidationError):
                vote_cast(voter=voter, entry=entry)
    assert sorted(str(d) for d in Vote.objects.values_list("day", flat=True)) == [
        "2026-12-01",
        "2026-12-02",
    ]


def test_rate_limit_per_account(client, gallery, voter, settings):
    settings.GALLERY_VOTE_RATE = {"user": (3, 60), "ip": (100, 60)}
    entries = [make_poem(gallery, title=f"Bài {i}") for i in range(4)]
    client.force_login(voter)
    statuses = [vote(client, e).status_code for e in entries]
    assert statuses == [302, 302, 302, 429]
    assert Vote.objects.count() == 3


def test_rate_limit_per_ip(client, gallery, settings):
    settings.GALLERY_VOTE_RATE = {"user": (100, 60), "ip": (2, 60)}
    entry = make_poem(gallery)
    codes = []
    for _ in range(3):
        client.force_login(UserFactory())
        codes.append(vote(client, entry, REMOTE_ADDR="198.51.100.9").status_code)
    assert codes == [302, 302, 429]


def test_every_vote_is_logged_with_keyed_hashes_never_the_raw_ip(client, entry, voter):
    client.force_login(voter)
    vote(client, entry, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 Zalo")
    event = VoteEvent.objects.get()
    assert (event.action, event.voter, event.entry) == ("cast", voter, entry)
    assert event.at and len(event.ip_hash) == 32 and event.ua_hash
    stored = [str(v) for v in VoteEvent.objects.values_list().get()] + [
        str(v) for v in Vote.objects.values_list().get()
    ]
    assert not any("203.0.113.77" in v or "Zalo" in v for v in stored)


def test_organizer_voids_one_vote_and_the_tally_shows_it(organizer_client, entry, voter, client):
    vote_cast(voter=voter, entry=entry)
    vote_cast(voter=UserFactory(), entry=entry)
    first = Vote.objects.get(voter=voter)
    response = organizer_client.post(reverse("gallery:vote-void", args=[first.pk]), {"reason": ""})
    assert Vote.objects.filter(voided_at__isnull=False).count() == 0
    response = organizer_client.post(
        reverse("gallery:vote-void", args=[first.pk]), {"reason": "Tài khoản ảo"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.voided_at and first.void_reason == "Tài khoản ảo"
    row = tally(entry.gallery).get(pk=entry.pk)
    assert (row.counted_votes, row.voided_votes) == (1, 1)
    assert VoteEvent.objects.filter(action="void", reason="Tài khoản ảo").count() == 1
    # A voided vote still blocks a new one from the same account.
    with pytest.raises(ValidationError):
        vote_cast(voter=voter, entry=entry)


def test_a_voter_whose_vote_was_voided_is_told_so_instead_of_offered_a_withdrawal(
    organizer, entry, voter, client
):
    vote_void(vote=vote_cast(voter=voter, entry=entry), by=organizer, reason="Tài khoản ảo")
    client.force_login(voter)
    html = client.get(reverse("gallery:entry-detail", args=[entry.pk])).content.decode()
    assert "Ban tổ chức đã huỷ phiếu bình chọn của bạn" in html
    assert "Tài khoản ảo" in html
    assert "vote-form" not in html


def test_a_cluster_of_new_accounts_from_one_ip_is_found_and_voided_at_once(
    organizer_client, gallery
):
    entry = make_poem(gallery)
    start = timezone.now() - timedelta(hours=2)
    bots = [UserFactory(date_joined=start + timedelta(minutes=i)) for i in range(5)]
    for bot in bots:
        vote_cast(voter=bot, entry=entry, ip="192.0.2.50")
    honest = UserFactory(date_joined=start - timedelta(days=30))
    vote_cast(voter=honest, entry=entry, ip="192.0.2.50")  # same office, old account
    vote_cast(voter=UserFactory(), entry=entry, ip="192.0.2.51")
    [cluster] = suspicious_clusters(gallery, minutes=30, min_accounts=3)
    assert sorted(cluster.voter_ids) == sorted(b.pk for b in bots)
    page = organizer_client.get(reverse("gallery:votes")).content.decode()
    assert bots[0].email in page
    data = {"ip_hash": cluster.ip_hash, "voter": cluster.voter_ids, "reason": "Tạo hàng loạt"}
    organizer_client.post(reverse("gallery:cluster-void"), data)
    row = tally(gallery).get(pk=entry.pk)
    assert (row.counted_votes, row.voided_votes) == (2, 5)
    assert VoteEvent.objects.filter(action="void").count() == 5
    assert suspicious_clusters(gallery) == []


def test_published_tally_lists_counted_and_voided_votes(client, organizer_client, gallery):
    entry = make_poem(gallery)
    vote_cast(voter=UserFactory(), entry=entry)
    vote_cast(voter=UserFactory(), entry=entry)
    bad = Vote.objects.first()
    organizer_client.post(reverse("gallery:vote-void", args=[bad.pk]), {"reason": "Gian lận"})
    GalleryConfig.objects.filter(pk=gallery.pk).update(
        voting_closes_at=timezone.now() - timedelta(minutes=1),
        voting_opens_at=timezone.now() - timedelta(days=2),
    )
    organizer_client.post(reverse("gallery:publish"))
    client.logout()
    response = client.get(reverse("gallery:results"))
    rows = response.context["tally"]
    assert [(r.pk, r.counted_votes, r.voided_votes) for r in rows] == [(entry.pk, 1, 1)]
