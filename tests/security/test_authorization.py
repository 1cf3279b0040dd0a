"""Who may use each page: every URL of the site is listed here with the roles allowed.

A new URL that is not listed fails `test_every_url_has_a_declared_policy`, so nobody adds a
page without saying who may open it. The websocket's rules (anyone may watch a published
board; only organizers may drive the reveal) are in tests/quizzes/test_consumers.py.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from banners.models import Banner
from banners.services.banners import banner_save
from banners.services.checks import banner_check_record
from campaign.models import Certificate
from contest.roles import JURORS
from contest.services.participants import participant_invite_code
from gallery.images import read_poster
from gallery.models import Vote
from gallery.services.votes import vote_cast
from invites.models import InviteAward
from quizzes.services.attempts import attempt_start
from tests.factories import OrganizerFactory, ParticipantFactory, UserFactory, make_round
from tests.gallery import conftest as gallery_fixtures
from tests.gallery.conftest import gallery, make_poem, make_poster  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "participant", "other_participant", "juror", "organizer", "staff")

OK, LOGIN, PROFILE, FORBIDDEN, NOT_FOUND = "ok", "login", "profile", 403, 404
# Let through to the view itself, which then answers by its own rules (a redirect with a
# message, a form error): what matters here is that the role was not turned away.
REACHED = "reached"


def no_args(world):
    return []


@dataclass
class Rule:
    args: object  # world -> list of URL arguments
    allowed: dict  # role -> expected outcome
    method: str = "get"


def everyone(outcome=OK):
    return dict.fromkeys(ROLES, outcome)


def organizers_only(organizer=OK):
    return {
        "anonymous": LOGIN,
        "participant": FORBIDDEN,
        "other_participant": FORBIDDEN,
        "juror": FORBIDDEN,
        "organizer": organizer,
        "staff": FORBIDDEN,
    }


def organizer_action(args=no_args):
    """A form that only posts and changes state: organizers only."""
    return Rule(args, organizers_only(REACHED), method="post")


def jurors_only():
    return {**organizers_only(), "organizer": FORBIDDEN, "juror": OK}


def signed_in(outcome=OK):
    return {**everyone(outcome), "anonymous": LOGIN}


def with_profile(owner_outcome=OK, other=OK):
    """Participants only: people without a profile are sent to fill one in first."""
    return {
        "anonymous": LOGIN,
        "participant": owner_outcome,
        "other_participant": other,
        "juror": PROFILE,
        "organizer": PROFILE,
        "staff": PROFILE,
    }


def owners_only(owner=OK):
    """The participant's own object: anyone else signed in gets nothing (not even a 403)."""
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "participant": owner}


RULES = {
    "home": Rule(no_args, everyone()),
    "healthz": Rule(no_args, everyone()),
    "set_language": Rule(no_args, everyone("redirect"), method="post"),
    # Contest: the profile is always one's own.
    "contest:profile-edit": Rule(no_args, signed_in()),
    # One's own personal data (download, deletion page); nobody can name another's.
    "campaign:personal-data": Rule(no_args, signed_in()),
    "campaign:personal-data-json": Rule(no_args, signed_in()),
    "campaign:personal-data-xlsx": Rule(no_args, signed_in()),
    "campaign:personal-data-delete": Rule(no_args, signed_in()),
    "contest:audit-log": Rule(no_args, organizers_only()),
    "contest:audit-export": Rule(no_args, organizers_only()),
    "campaign:organizer-home": Rule(no_args, organizers_only()),
    # The report to the People's Committee: organizers only.
    "campaign:report": Rule(no_args, organizers_only()),
    "campaign:report-pdf": Rule(no_args, organizers_only()),
    "campaign:report-xlsx": Rule(no_args, organizers_only()),
    # Certificates: the public check, the holder's own PDF, the organizers' pages.
    "campaign:certificate-verify": Rule(lambda w: [w.certificate.code], everyone()),
    "campaign:my-certificates": Rule(no_args, signed_in()),
    "campaign:certificate-pdf": Rule(
        lambda w: [w.certificate.code],
        {**signed_in(NOT_FOUND), "participant": OK, "organizer": OK},
    ),
    "campaign:certificate-list": Rule(no_args, organizers_only()),
    "campaign:certificate-template": Rule(no_args, organizers_only()),
    "campaign:certificate-preview": Rule(no_args, organizers_only(REACHED)),
    "campaign:certificate-issue": organizer_action(),
    "campaign:certificate-revoke": Rule(lambda w: [w.certificate.pk], organizers_only()),
    "campaign:certificate-zip": Rule(no_args, organizers_only(REACHED)),
    "campaign:certificate-notify": organizer_action(),
    # Unit contacts: a contact's own unit (organizers see any), the organizers' pages. The
    # world's users are no unit's contact: tests/campaign/test_unit_contacts_access.py has
    # the contacts' side.
    "campaign:my-units": Rule(no_args, signed_in(FORBIDDEN)),
    "campaign:my-unit": Rule(
        lambda w: [w.users["participant"].participant.unit_id],
        {**signed_in(NOT_FOUND), "organizer": OK},
    ),
    "campaign:unit-remind": Rule(
        lambda w: [w.users["participant"].participant.unit_id, w.round.pk],
        signed_in(NOT_FOUND),
        method="post",
    ),
    "campaign:unit-contacts": Rule(no_args, organizers_only()),
    "campaign:unit-contact-remove": organizer_action(),
    "campaign:unit-rates": Rule(no_args, organizers_only()),
    "contest:unit-list": Rule(no_args, organizers_only()),
    "contest:unit-import": Rule(no_args, organizers_only()),
    "contest:unit-template": Rule(no_args, organizers_only()),
    # A banner's short link: organizers (and the unit's contacts) get its check-in page.
    # A participant's invite link: everyone is sent on (one's own too, credited nothing).
    "invites:invite-open": Rule(lambda w: [w.invite_code], everyone("redirect")),
    # The ranking of inviters and the "giải lan tỏa": organizers only.
    "invites:ranking": Rule(no_args, organizers_only()),
    "invites:award": organizer_action(lambda w: [w.round.pk]),
    "invites:award-revoke": organizer_action(lambda w: [w.invite_award.pk]),
    "banners:banner-redirect": Rule(
        lambda w: [w.banner.code], {**everyone("redirect"), "organizer": OK}
    ),
    "banners:banner-redirect-typed": Rule(
        lambda w: [w.banner.code.lower()], {**everyone("redirect"), "organizer": OK}
    ),
    "banners:banner-check": Rule(lambda w: [w.banner.pk], organizers_only()),
    "banners:banner-check-photo": Rule(lambda w: [w.banner_check.pk, "small"], organizers_only()),
    "banners:banner-list": Rule(no_args, organizers_only()),
    "banners:banner-create": Rule(no_args, organizers_only()),
    "banners:banner-import": Rule(no_args, organizers_only()),
    "banners:banner-template": Rule(no_args, organizers_only()),
    "banners:banner-export": Rule(no_args, organizers_only()),
    "banners:banner-posters-zip": Rule(no_args, organizers_only(REACHED)),
    "banners:banner-detail": Rule(lambda w: [w.banner.pk], organizers_only()),
    "banners:banner-edit": Rule(lambda w: [w.banner.pk], organizers_only()),
    "banners:banner-png": Rule(lambda w: [w.banner.pk], organizers_only()),
    "banners:banner-svg": Rule(lambda w: [w.banner.pk], organizers_only()),
    "banners:banner-poster": Rule(lambda w: [w.banner.pk, "a4"], organizers_only()),
    # Quiz rounds: public pages, the participant's own attempt, organizers' pages.
    "quizzes:round-detail": Rule(lambda w: [w.round.pk], everyone()),
    # Signed out, the start goes through sign-up (the intent is kept in the session).
    "quizzes:round-start": Rule(
        lambda w: [w.round.pk],
        {**with_profile("redirect", "redirect"), "anonymous": "redirect"},
        method="post",
    ),
    "quizzes:round-image": Rule(lambda w: [w.round.pk], everyone()),
    "quizzes:round-results": Rule(lambda w: [w.round.pk], everyone(NOT_FOUND)),
    "quizzes:round-board": Rule(lambda w: [w.round.pk], everyone()),
    "quizzes:round-screen": Rule(lambda w: [w.round.pk], everyone()),
    "quizzes:attempt-detail": Rule(lambda w: [w.attempt.token], owners_only()),
    # The page's script reads JSON: signed out is the same 404 as someone else's attempt.
    "quizzes:attempt-answer": Rule(
        lambda w: [w.attempt.token], {**owners_only(REACHED), "anonymous": NOT_FOUND}, method="post"
    ),
    "quizzes:attempt-time-up": Rule(
        lambda w: [w.attempt.token], {**owners_only(REACHED), "anonymous": NOT_FOUND}, method="post"
    ),
    "quizzes:attempt-review": Rule(lambda w: [w.attempt.token], owners_only()),
    "quizzes:attempt-result": Rule(lambda w: [w.attempt.token], owners_only(REACHED)),
    "quizzes:organizer-rounds": Rule(no_args, organizers_only()),
    "quizzes:round-create": Rule(no_args, organizers_only()),
    "quizzes:round-dashboard": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-edit": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-preview": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-close": organizer_action(lambda w: [w.round.pk]),
    "quizzes:round-publish": organizer_action(lambda w: [w.round.pk]),
    "quizzes:round-answers-release": organizer_action(lambda w: [w.round.pk]),
    "quizzes:round-ranking": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-ranking-export": Rule(lambda w: [w.round.pk], organizers_only(REACHED)),
    "quizzes:round-live": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-end-now": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-reveal": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-stats": Rule(lambda w: [w.round.pk], organizers_only()),
    "quizzes:round-stats-export": Rule(lambda w: [w.round.pk], organizers_only(REACHED)),
    "quizzes:bank-list": Rule(no_args, organizers_only()),
    "quizzes:bank-template": Rule(no_args, organizers_only()),
    "quizzes:bank-detail": Rule(lambda w: [w.round.bank_id], organizers_only()),
    "quizzes:bank-import": Rule(lambda w: [w.round.bank_id], organizers_only()),
    "quizzes:bank-export": Rule(lambda w: [w.round.bank_id], organizers_only()),
    "quizzes:topic-create": organizer_action(lambda w: [w.round.bank_id]),
    "quizzes:question-create": Rule(lambda w: [w.round.bank_id], organizers_only()),
    "quizzes:question-edit": Rule(lambda w: [w.question.pk], organizers_only()),
    "quizzes:question-retire": organizer_action(lambda w: [w.question.pk]),
    "quizzes:question-restore": organizer_action(lambda w: [w.question.pk]),
    # Gallery: public pages, the author's own entries, jurors', organizers'.
    "gallery:index": Rule(no_args, everyone()),
    "gallery:entry-detail": Rule(lambda w: [w.poster.pk], everyone()),
    "gallery:vote": Rule(lambda w: [w.poem.pk], signed_in(REACHED), method="post"),
    "gallery:original": Rule(
        lambda w: [w.poster.pk],
        {**organizers_only(), "juror": OK},
    ),
    "gallery:image": Rule(lambda w: [w.poster.renditions[0]["name"]], everyone()),
    "gallery:results": Rule(no_args, everyone()),
    "gallery:my-entries": Rule(no_args, with_profile()),
    "gallery:entry-create": Rule(lambda w: ["tranh"], with_profile()),
    "gallery:entry-edit": Rule(lambda w: [w.pending.pk], with_profile(OK, NOT_FOUND)),
    "gallery:entry-withdraw": Rule(
        lambda w: [w.pending.pk], with_profile(REACHED, NOT_FOUND), method="post"
    ),
    "gallery:jury-home": Rule(no_args, jurors_only()),
    "gallery:jury-score": Rule(lambda w: [w.poster.pk], jurors_only()),
    "gallery:organizer": Rule(no_args, organizers_only()),
    "gallery:config-edit": Rule(no_args, organizers_only()),
    "gallery:moderation": Rule(no_args, organizers_only()),
    "gallery:moderate": organizer_action(lambda w: [w.pending.pk]),
    "gallery:votes": Rule(no_args, organizers_only()),
    "gallery:entry-votes": Rule(lambda w: [w.poem.pk], organizers_only()),
    "gallery:vote-void": organizer_action(lambda w: [w.vote.pk]),
    "gallery:cluster-void": organizer_action(),
    "gallery:rankings": Rule(no_args, organizers_only()),
    "gallery:rankings-export": Rule(no_args, organizers_only()),
    "gallery:publish": organizer_action(),
}
# Served by Django only without nginx (make run, make dev): public media files; poster
# renditions are refused there and go through gallery:image (tests/gallery/test_media_privacy.py).
UNLISTED = {"django.views.static.serve", "config.media.media_view"}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.app_name == "admin":
                continue  # Django's admin: staff with permissions, its own checks
            if str(pattern.pattern) == "accounts/":
                continue  # allauth: the account pages, open to all by design
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            if pattern.lookup_str in UNLISTED:
                continue
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_a_declared_policy():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - RULES.keys() == set(), "a URL without a rule in this file"
    assert RULES.keys() - names == set(), "a rule for a URL that no longer exists"


@pytest.fixture
def world(gallery, settings):  # noqa: F811
    settings.SITE_BASE_URL = "https://cuocthi.soctrang.gov.vn"  # printables refuse localhost
    participant = ParticipantFactory(full_name="Nguyễn Văn An")
    other = ParticipantFactory(full_name="Trần Thị Bình")
    juror = UserFactory()
    juror.groups.add(Group.objects.get(name=JURORS))
    round = make_round(contest=gallery.contest)
    attempt = attempt_start(participant=participant, round=round)
    poster = make_poster(gallery, participant.user)
    poem = make_poem(gallery, participant.user)
    pending = make_poem(gallery, participant.user, approve=False, title="Chờ duyệt")
    vote = vote_cast(entry=poster, voter=other.user, ip="203.0.113.9", user_agent="test")
    banner = banner_save(banner=Banner(name="Sảnh chính", target=Banner.Target.PAGE, path="/"))
    banner_photo = SimpleUploadedFile("bang-ron.png", gallery_fixtures.image_bytes(size=(400, 300)))
    banner_check = banner_check_record(
        banner=banner,
        state="fine",
        actor=None,
        photo=read_poster(banner_photo, max_bytes=10**7, min_long_side=200),
    )
    certificate = Certificate.objects.create(
        contest=gallery.contest,
        kind=Certificate.Kind.PARTICIPATION,
        participant=participant,
        round=round,
        name_printed=participant.full_name,
        prize_label="Chứng nhận tham gia",
        issued_on=round.closes_at.date(),
        number=1,
        serial="CCHC-2026-000001",
        code="k3Jx9QwV2mZp7RtY5bNc8A",
    )
    invite_award = InviteAward.objects.create(round=round, participant=other, place=1)
    return SimpleNamespace(
        users={
            "anonymous": None,
            "participant": participant.user,
            "other_participant": other.user,
            "juror": juror,
            "organizer": OrganizerFactory(),
            "staff": UserFactory(is_staff=True),
        },
        round=round,
        attempt=attempt,
        question=round.bank.questions.first(),
        poster=poster,
        poem=poem,
        pending=pending,
        vote=vote if isinstance(vote, Vote) else Vote.objects.get(),
        banner=banner,
        banner_check=banner_check,
        certificate=certificate,
        invite_code=participant_invite_code(participant=participant),
        invite_award=invite_award,
    )


def outcome(response) -> object:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith(reverse("contest:profile-edit")):
            return PROFILE
        return "redirect"
    if response.status_code in (200, 204):
        return OK
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_policy_says(world, role):
    """One role over every URL (the world is built once per role: posters take time)."""
    wrong = []
    for name, rule in RULES.items():
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        url = reverse(name, args=rule.args(world))
        got = outcome(getattr(client, rule.method)(url))
        expected = rule.allowed[role]
        if expected == REACHED and got in (OK, "redirect", 400):
            got = REACHED
        if got != expected:
            wrong.append(f"{name} {url}: expected {expected}, got {got}")
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)
