"""Personal invite links: the code, first touch, sign-up credit, the ranking and the prize."""

import os
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from contest.models import AuditEntry, Participant
from contest.qr import absolute_url, qr_svg_cached
from contest.services.participants import INVITE_CODE_ALPHABET, participant_invite_code
from invites.models import InviteAward, InviteSignup, InviteVisit
from invites.selectors import inviter_ranking
from invites.services.invites import (
    INVITE_COOKIE,
    FirstTouch,
    invite_award,
    invite_award_revoke,
    invite_signup_record,
)
from quizzes.services.attempts import attempt_finish, attempt_start
from tests.factories import OrganizerFactory, ParticipantFactory, UserFactory, make_round

pytestmark = pytest.mark.django_db

PHONE_UA = "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 Mobile Safari/537.36"
PREVIEW_UA = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"


def invite_path(participant, round=None) -> str:
    path = reverse("invites:invite-open", args=[participant_invite_code(participant=participant)])
    return f"{path}?r={round.pk}" if round else path


def touch_of(client) -> FirstTouch:
    from invites.services.invites import read_first_touch

    return read_first_touch(client.cookies[INVITE_COOKIE].value)


def credit(inviter, user, round=None) -> InviteSignup | None:
    cookie = FirstTouch(inviter.pk, round.pk if round else None).cookie_value()
    return invite_signup_record(user=user, cookie=cookie)


def finished(participant, round):
    return attempt_finish(attempt=attempt_start(participant=participant, round=round), prediction=5)


# --- The code ------------------------------------------------------------------------
def test_a_participant_gets_one_code_however_often_it_is_asked_for():
    participant = ParticipantFactory()
    stale = Participant.objects.get(pk=participant.pk)  # loaded before the code was given
    code = participant_invite_code(participant=participant)
    assert len(code) == 6 and set(code) <= set(INVITE_CODE_ALPHABET)
    assert participant_invite_code(participant=stale) == code
    assert Participant.objects.get(pk=participant.pk).invite_code == code


@pytest.mark.scaleout
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_on_postgresql_give_one_code():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if os.environ.get("CI"):
            pytest.fail("the race is run on PostgreSQL (DATABASE_URL)")
        pytest.skip("the race is run on PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    participant = ParticipantFactory()
    barrier, codes = threading.Barrier(2), []

    def ask():
        try:
            mine = Participant.objects.get(pk=participant.pk)
            barrier.wait()
            codes.append(participant_invite_code(participant=mine))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(codes) == 2 and codes[0] == codes[1]
    assert Participant.objects.get(pk=participant.pk).invite_code == codes[0]


# --- The result page -----------------------------------------------------------------
def test_the_result_page_shows_the_personal_invite_link_and_its_qr_code():
    round = make_round()
    participant = ParticipantFactory()
    attempt = finished(participant, round)
    client = Client()
    client.force_login(participant.user)
    page = client.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    participant.refresh_from_db()
    link = f"/moi/{participant.invite_code}?r={round.pk}"
    assert link in page
    assert "Mã QR đường dẫn mời của bạn" in page
    assert qr_svg_cached(absolute_url(link)) in page  # the QR code holds the same link
    assert "giải lan tỏa" in page


# --- Opening a link ------------------------------------------------------------------
def test_opening_a_link_sets_the_first_touch_and_a_second_link_does_not_replace_it():
    round = make_round()
    first, second = ParticipantFactory(), ParticipantFactory()
    browser = Client(HTTP_USER_AGENT=PHONE_UA)
    response = browser.get(invite_path(first, round))
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:round-detail", args=[round.pk])
    assert response["Cache-Control"] == "no-store"
    assert touch_of(browser) == FirstTouch(first.pk, round.pk)
    response = browser.get(invite_path(second))
    assert response["Location"] == reverse("home")
    assert INVITE_COOKIE not in response.cookies  # the first touch stays
    assert touch_of(browser) == FirstTouch(first.pk, round.pk)
    visits = list(InviteVisit.objects.order_by("id").values_list("inviter", "first_touch"))
    assert visits == [(first.pk, True), (second.pk, False)]
    assert not InviteVisit.objects.filter(device="bot").exists()


def test_a_link_typed_in_small_letters_with_a_slash_still_works():
    inviter = ParticipantFactory()
    code = participant_invite_code(participant=inviter)
    response = Client(HTTP_USER_AGENT=PHONE_UA).get(f"/MOI/{code.lower()}/")
    assert response.status_code == 302
    assert InviteVisit.objects.get().inviter == inviter


def test_a_link_preview_is_recorded_as_a_bot_and_gets_no_first_touch():
    inviter = ParticipantFactory()
    response = Client(HTTP_USER_AGENT=PREVIEW_UA).get(invite_path(inviter))
    assert response.status_code == 302
    assert INVITE_COOKIE not in response.cookies
    assert InviteVisit.objects.get().device == "bot"


def test_opening_ones_own_link_records_nothing_and_a_sign_up_on_that_phone_credits_nobody():
    inviter = ParticipantFactory()
    browser = Client(HTTP_USER_AGENT=PHONE_UA)
    browser.force_login(inviter.user)
    response = browser.get(invite_path(inviter))
    assert response.status_code == 302
    assert not InviteVisit.objects.exists()
    assert touch_of(browser).own
    del browser.cookies["sessionid"]  # signed out; Client.logout() would drop every cookie
    browser.get(invite_path(ParticipantFactory()))  # a later link does not clear the mark
    assert touch_of(browser) == FirstTouch(inviter.pk, None, own=True)
    assert browser.post(reverse("account_signup"), SIGNUP).status_code == 302
    assert get_user_model().objects.filter(participant__phone=SIGNUP["phone"]).exists()
    assert not InviteSignup.objects.exists()


@pytest.mark.parametrize("code", ["ZZZZZZ", "%20", "a" * 200, "0OIl1"])
def test_an_unknown_code_gets_a_friendly_page_not_an_error(code):
    response = Client().get(f"/moi/{code}")
    assert response.status_code == 404
    assert "Đường dẫn mời này không dẫn tới đâu" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "-3", "99999999999999", "999999"])
def test_a_bad_or_unknown_round_leads_to_the_home_page(value):
    inviter = ParticipantFactory()
    path = reverse("invites:invite-open", args=[participant_invite_code(participant=inviter)])
    response = Client(HTTP_USER_AGENT=PHONE_UA).get(f"{path}?r={value}")
    assert response.status_code == 302 and response["Location"] == reverse("home")


# --- Sign-up credit --------------------------------------------------------------------
SIGNUP = {
    "full_name": "Lê Văn Bình",
    "phone": "0912345678",
    "password1": "Mat-khau-rat-manh-2026",
    "participant_type": "citizen",
    "commune": "Phường 5",
    "consent": "on",
}


def test_a_sign_up_in_a_browser_that_opened_a_link_is_credited_once_to_the_inviter():
    round = make_round()
    inviter = ParticipantFactory()
    browser = Client(HTTP_USER_AGENT=PHONE_UA)
    browser.get(invite_path(inviter, round))
    response = browser.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302, response.content.decode()[:2000]
    signup = InviteSignup.objects.get()
    assert signup.inviter == inviter and signup.round == round
    assert signup.user.participant.phone == SIGNUP["phone"]
    assert credit(ParticipantFactory(), signup.user) == signup  # never twice, never moved
    assert InviteSignup.objects.count() == 1


def test_a_sign_up_without_the_cookie_or_with_a_forged_one_credits_nobody():
    assert invite_signup_record(user=UserFactory(), cookie=None) is None
    assert invite_signup_record(user=UserFactory(), cookie="[1, null]:forged") is None
    assert not InviteSignup.objects.exists()


def test_a_self_invite_credits_nothing():
    inviter = ParticipantFactory()
    assert credit(inviter, inviter.user) is None  # the same account
    assert not InviteSignup.objects.exists()


@pytest.mark.scaleout
@pytest.mark.django_db(transaction=True)
def test_two_credits_of_one_sign_up_racing_on_postgresql_give_one_row():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if os.environ.get("CI"):
            pytest.fail("the race is run on PostgreSQL (DATABASE_URL)")
        pytest.skip("the race is run on PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    first, second = ParticipantFactory(), ParticipantFactory()
    user = UserFactory()
    barrier, results = threading.Barrier(2), []

    def sign_up(inviter):
        try:
            barrier.wait()
            results.append(credit(inviter, user))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and all(result is not None for result in results)
    assert InviteSignup.objects.filter(user=user).count() == 1
    assert results[0].pk == results[1].pk


# --- The ranking ---------------------------------------------------------------------
@pytest.fixture
def two_rounds():
    """An (a brings 3, 2 finish round 1), B (brings 2, both finish round 1), C (1 in round 2)."""
    week1, week2 = make_round(title="Tuần 1"), make_round(title="Tuần 2")
    a, b, c = (ParticipantFactory(full_name=n) for n in ("An", "Bình", "Cường"))
    people = [ParticipantFactory() for _ in range(6)]
    for inviter, invitees in ((a, people[:3]), (b, people[3:5]), (c, people[5:])):
        for invitee in invitees:
            credit(inviter, invitee.user)
    for person in (people[0], people[1], people[3], people[4]):
        finished(person, week1)
    attempt_start(participant=people[2], round=week1)  # started, never finished: not counted
    finished(people[5], week2)
    return week1, week2, a, b, c


def test_finished_attempts_count_for_the_inviter_in_their_round_and_ties_share_a_place(
    two_rounds,
):
    week1, week2, a, b, c = two_rounds
    rows = inviter_ranking(round=week1)
    assert [(r.participant, r.finished, r.signups, r.place, r.tied) for r in rows] == [
        (a, 2, 3, 1, False),
        (b, 2, 2, 2, False),
        (c, 0, 1, 3, False),
    ]
    rows = inviter_ranking(round=week2)
    assert [(r.participant, r.finished, r.place) for r in rows][0] == (c, 1, 1)
    d = ParticipantFactory()
    for _ in range(2):
        credit(d, ParticipantFactory().user)
    finished(InviteSignup.objects.filter(inviter=d).first().user.participant, week1)
    finished(InviteSignup.objects.filter(inviter=d).last().user.participant, week1)
    tied = [(r.participant, r.place, r.tied) for r in inviter_ranking(round=week1)]
    assert tied[1:3] in ([(b, 2, True), (d, 2, True)], [(d, 2, True), (b, 2, True)])
    assert tied[3] == (c, 4, False)


def test_an_inviter_who_deleted_their_data_keeps_the_count_but_shows_anonymised(two_rounds):
    week1, _week2, a, _b, _c = two_rounds
    Participant.objects.filter(pk=a.pk).update(deleted_at="2026-11-30T10:00:00Z")
    organizer = OrganizerFactory()
    client = Client()
    client.force_login(organizer)
    page = client.get(reverse("invites:ranking"), {"round": week1.pk}).content.decode()
    assert "Người tham gia đã xóa dữ liệu" in page
    assert inviter_ranking(round=week1)[0].finished == 2


def test_organizers_see_the_ranking_of_the_chosen_round(two_rounds):
    week1, _week2, a, b, _c = two_rounds
    client = Client()
    client.force_login(OrganizerFactory())
    page = client.get(reverse("invites:ranking"), {"round": week1.pk}).content.decode()
    assert page.index("An") < page.index("Bình")
    assert "Trao giải lan tỏa" in page
    assert client.get(reverse("invites:ranking"), {"round": "x"}).status_code == 200


# --- The prize -----------------------------------------------------------------------
def test_awarding_the_prize_is_audited_without_personal_data_and_once_per_round(two_rounds):
    week1, _week2, a, _b, c = two_rounds
    organizer = OrganizerFactory()
    client = Client()
    client.force_login(organizer)
    url = reverse("invites:award", args=[week1.pk])
    response = client.post(url, {"participant": a.pk})
    assert response.status_code == 302
    award = InviteAward.objects.get()
    assert (award.participant, award.place, award.finished, award.signups) == (a, 1, 2, 3)
    assert award.awarded_by == organizer
    entry = AuditEntry.objects.get(action=AuditEntry.Action.INVITE_AWARD)
    assert entry.actor == organizer and "An" not in str(entry.changes) + entry.target_label
    client.post(url, {"participant": a.pk})  # again: refused with a message
    assert InviteAward.objects.count() == 1
    page = client.get(reverse("invites:ranking"), {"round": week1.pk}).content.decode()
    assert "Đã trao (hạng 1)" in page
    # Nobody outside the ranking, or with no finished attempt there, can be awarded.
    for bad in (c.pk, ParticipantFactory().pk, "abc", ""):
        assert client.post(url, {"participant": bad}).status_code == 302
    assert InviteAward.objects.count() == 1


def test_a_prize_can_be_taken_back_and_the_log_keeps_it(two_rounds):
    week1, _week2, a, _b, _c = two_rounds
    organizer = OrganizerFactory()
    award = invite_award(round=week1, participant=a, actor=organizer)
    with pytest.raises(Exception):  # noqa: B017 (ValidationError, message in Vietnamese)
        invite_award(round=week1, participant=a, actor=organizer)
    invite_award_revoke(award=award, actor=organizer)
    assert not InviteAward.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.INVITE_AWARD).count() == 2


def test_the_demo_seeds_a_ranking_and_seeding_twice_changes_nothing():
    from campaign.demo import seed_demo

    seed_demo()
    count = InviteSignup.objects.count()
    assert count > 0
    seed_demo()
    assert InviteSignup.objects.count() == count
    round = InviteSignup.objects.first().round
    rows = inviter_ranking(round=round)
    assert len(rows) == 4 and rows[0].finished > 0


def test_nobody_else_can_see_or_award(two_rounds):
    week1, *_rest = two_rounds
    client = Client()
    client.force_login(ParticipantFactory().user)
    assert client.get(reverse("invites:ranking")).status_code == 403
    assert client.post(reverse("invites:award", args=[week1.pk])).status_code == 403
    assert get_user_model().objects.exists()
