"""Generated strings where the site reads a number: never a 500.

Unicode digits ("²" passes str.isdigit() and fails int(); "٣" and "１" pass int()), numbers
too big for the database or for int(), negatives, empty values, NUL and bytes that are not
UTF-8 go into every URL pattern's parameters (walked from the URL conf), the query
parameters, form fields and cookie the views read, the answer save's body, and the cells of
the unit and banner imports. Each answer must be below 500, and the test client re-raises
any exception a view lets through.
"""

from dataclasses import dataclass
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from banners.models import Banner
from banners.services.banners import banner_save
from banners.services.imports import banners_import
from contest.models import Unit
from contest.numbers import MAX_LENGTH, BadNumber, parse_int
from contest.services.units import units_import
from gallery.services.votes import vote_cast
from gallery.views import SEED_COOKIE
from quizzes.services.attempts import attempt_start
from tests.factories import OrganizerFactory, ParticipantFactory, make_round
from tests.gallery.conftest import _private_root, gallery, juror, make_poem  # noqa: F401

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# An <int:...> converter takes ASCII digits only: most values are a 404 from the resolver.
FUZZ_INT_PATH = settings(FUZZ, max_examples=15)

NASTY = [
    "²",
    "٣",
    "１",
    "１２",
    "٣٠",
    "߃",
    "9" * 5000,
    "9" * 20,
    "2147483648",
    "9223372036854775808",
    "-1",
    "-0",
    "0",
    "00",
    "",
    " ",
    "1e3",
    "1.5",
    "0x1f",
    "+1",
    "\x00",
    "1\x00",
    "\ud800",  # a lone surrogate, sent as the bytes it would be (not valid UTF-8)
    "½",
    "Ⅻ",
]


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# Values as the bytes a client would send: text (lone surrogates included) or any bytes.
VALUES = st.one_of(
    st.sampled_from(NASTY).map(_bytes),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6).map(_bytes),
    st.integers(min_value=-(10**25), max_value=10**25).map(lambda n: str(n).encode()),
    st.text(max_size=12).map(_bytes),
    st.binary(max_size=12),
)


# Always tried first, whatever else is generated: the values of the issue.
EXPLICIT = [_bytes(text) for text in ["²", "٣", "9" * 5000, "9" * 20, "-1", ""]] + [b"\xff\xfe"]


def fuzz_values(config=FUZZ):
    """@given(value=VALUES), with the EXPLICIT values first."""

    def decorate(check):
        check = given(value=VALUES)(check)
        for value in EXPLICIT:
            check = example(value=value)(check)
        return config(check)

    return decorate


def _quoted(value: bytes) -> str:
    return quote_from_bytes(value, safe="")


# --- The helper itself ---------------------------------------------------------------------
@FUZZ
@given(
    text=st.one_of(st.sampled_from(NASTY), st.text(max_size=40)),
    bounds=st.tuples(st.integers(-1000, 1000), st.integers(0, 10**12)),
)
def test_parse_int_returns_only_ascii_numbers_in_range_and_refuses_the_rest(text, bounds):
    minimum, maximum = bounds[0], bounds[0] + bounds[1]
    stripped = text.strip()
    expected = None
    if stripped.isascii() and len(stripped) <= MAX_LENGTH:
        digits = stripped[1:] if stripped.startswith("-") and minimum < 0 else stripped
        if digits.isdigit() and minimum <= int(stripped) <= maximum:
            expected = int(stripped)
    if expected is None:
        with pytest.raises(BadNumber) as refused:
            parse_int(text, minimum=minimum, maximum=maximum)
        assert isinstance(refused.value, ValueError) and str(refused.value)
    else:
        assert parse_int(text, minimum=minimum, maximum=maximum) == expected


# --- A small world the requests can reach ---------------------------------------------------
@dataclass
class World:
    participant: Client
    organizer: Client
    juror: Client
    anonymous: Client
    kwargs: dict  # URL name -> real kwargs, for the parameters not being fuzzed


@pytest.fixture
def world(settings, gallery, juror):  # noqa: F811 (fixtures)
    # Thousands of requests in a minute: no throttle may hide a path behind a 429.
    plenty = (10**9, 60)
    settings.QUIZ_ANSWER_RATE = plenty
    settings.QUIZ_START_RATE = {"user": plenty, "ip": plenty}
    settings.GALLERY_VOTE_RATE = {"user": plenty, "ip": plenty}
    settings.GALLERY_SUBMIT_RATE = plenty
    settings.BANNER_SCAN_RATE = {"visitor": plenty, "ip": plenty}

    person = ParticipantFactory()
    round = make_round(contest=gallery.contest, questions_per_topic=(2,), bank_size=2)
    attempt = attempt_start(participant=person, round=round)
    banner = banner_save(banner=Banner(name="Chợ nổi – bến tàu", target="page", path="/"))
    entry = make_poem(gallery, person.user)
    voter = ParticipantFactory().user
    vote = vote_cast(voter=voter, entry=entry)
    clients = {}
    for role, user in [("participant", person.user), ("organizer", OrganizerFactory())]:
        clients[role] = Client()
        clients[role].force_login(user)
    clients["juror"] = Client()
    clients["juror"].force_login(juror)
    kwargs = {
        "attempt": {"token": attempt.token},
        "round": {"pk": round.pk},
        "bank": {"pk": round.bank_id},
        "banner": {"pk": banner.pk},
        "entry": {"pk": entry.pk},
        "banners:banner-poster": {"pk": banner.pk, "size": "a4"},
        "gallery:vote-void": {"pk": vote.pk},
        "campaign:unit-remind": {"unit_id": 1, "round_id": round.pk},
        "criterion": f"c{gallery.criteria.first().pk}",
    }
    return World(anonymous=Client(), kwargs=kwargs, **clients)


def _client_for(world: World, path: str) -> Client:
    if path.startswith("/ban-to-chuc/"):
        return world.organizer
    if path.startswith("/giam-khao/"):
        return world.juror
    return world.participant


def _assert_not_500(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


# --- Every URL pattern's parameters ----------------------------------------------------------
MARKERS = {"int": "424242424242"}
TEXT_MARKER = "zqxmarkerzqx"


def _patterns(resolver=None, prefix=""):
    """(namespaced name, parameter names, converters) of every named pattern but the admin's."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names = list(entry.pattern.regex.groupindex)
            if names:
                yield prefix + entry.name, names, getattr(entry.pattern, "converters", {})


def _targets():
    seen = set()
    for name, params, converters in _patterns():
        for param in params:
            if (name, param) not in seen:
                seen.add((name, param))
                kind = type(converters[param]).__name__ if param in converters else "regex"
                yield pytest.param(name, param, params, kind, id=f"{name}[{param}]")


TARGETS = list(_targets())


def test_the_walk_finds_the_parameters_of_every_area():
    found = {(t.values[0], t.values[1]) for t in TARGETS}
    for known in [
        ("quizzes:attempt-answer", "token"),
        ("quizzes:round-detail", "pk"),
        ("banners:banner-poster", "size"),
        ("banners:banner-redirect-typed", "code"),
        ("gallery:entry-create", "kind_slug"),
        ("gallery:image", "name"),
    ]:
        assert known in found
    assert len(found) > 40


def _marker(kind: str) -> str:
    return MARKERS["int"] if kind == "IntConverter" else TEXT_MARKER


@pytest.mark.parametrize(("name", "param", "params", "kind"), TARGETS)
def test_no_url_parameter_gives_a_500(world, name, param, params, kind):
    real = world.kwargs.get(name, {})
    kwargs = {p: real.get(p, "1" if p == "pk" else "a4") for p in params}
    marker = _marker(kind)
    kwargs[param] = marker
    try:
        template = reverse(name, kwargs=kwargs)
    except Exception:  # a converter that takes neither marker (none today): say so
        pytest.fail(f"{name}: cannot build a URL with {kwargs}")

    @fuzz_values(FUZZ_INT_PATH if kind == "IntConverter" else FUZZ)
    def check(value):
        path = template.replace(marker, _quoted(value), 1)
        client = _client_for(world, template)
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        _assert_not_500(response, path[:200])

    check()


# --- Query parameters, form fields and the cookie the views read ------------------------------
FIELDS = [
    # (URL name, key of its kwargs in the world, method, field, other fields)
    ("quizzes:attempt-answer", "attempt", "post", "position", {"choice": "A"}),
    ("quizzes:attempt-answer", "attempt", "post", "prediction", {}),
    ("quizzes:attempt-review", "attempt", "post", "prediction", {}),
    ("quizzes:attempt-detail", "attempt", "get", "q", {}),
    ("quizzes:attempt-detail", "attempt", "post", "position", {"choice": "A", "go": "next"}),
    ("gallery:index", None, "cookie", SEED_COOKIE, {}),
    ("gallery:index", None, "get", "page", {}),
    ("banners:banner-posters-zip", None, "get", "banner", {}),
    ("banners:banner-list", None, "get", "days", {}),
    ("banners:banner-export", None, "get", "days", {}),
    ("contest:audit-log", None, "get", "page", {}),
    ("quizzes:question-create", "bank", "get", "topic", {}),
    ("quizzes:question-create", "bank", "post", "topic", {"text": "Câu hỏi?"}),
    ("quizzes:round-edit", "round", "post", "time_limit_minutes", {}),
    ("banners:banner-edit", "banner", "post", "round", {"name": "Bến xe"}),
    ("gallery:votes", None, "get", "minutes", {}),
    ("gallery:votes", None, "get", "accounts", {}),
    ("gallery:votes", None, "get", "page", {}),
    ("gallery:cluster-void", None, "post", "voter", {"ip_hash": "x", "reason": "Trùng"}),
    ("gallery:moderation", None, "get", "page", {}),
    ("gallery:jury-score", "entry", "post", "criterion", {"note": ""}),
]


def _form_body(fields: dict[str, bytes]) -> bytes:
    return "&".join(f"{_quoted(k.encode())}={_quoted(v)}" for k, v in fields.items()).encode()


@pytest.mark.parametrize(
    ("name", "key", "method", "field", "others"),
    FIELDS,
    ids=[f"{f[0]}[{f[2]}:{f[3]}]" for f in FIELDS],
)
def test_no_number_field_gives_a_500(world, name, key, method, field, others):
    path = reverse(name, kwargs=world.kwargs[key] if key else None)
    if field == "criterion":
        field = world.kwargs["criterion"]
    client = _client_for(world, path)

    @fuzz_values()
    def check(value):
        data = {k: v.encode() for k, v in others.items()} | {field: value}
        if method == "cookie":
            cookie = f"{field}={value.decode('latin-1')}"
            response = client.get(path, headers={"cookie": cookie})
        elif method == "get":
            response = client.get(f"{path}?{_form_body(data).decode()}")
        else:
            body = _form_body(data)
            response = client.post(path, body, content_type="application/x-www-form-urlencoded")
        _assert_not_500(response, f"{method} {path} {field}={value[:40]!r}")

    check()


# --- The answer save, whose body the page's script sends -----------------------------------
def test_the_answer_save_never_fails_on_a_generated_body(world):
    token = world.kwargs["attempt"]["token"]
    path = reverse("quizzes:attempt-answer", args=[token])
    bodies = st.one_of(
        st.builds(lambda v: b"position=" + _quoted(v).encode() + b"&choice=A", VALUES),
        st.builds(lambda v: b"prediction=" + _quoted(v).encode(), VALUES),
        st.builds(lambda v: b"position=" + v, st.binary(max_size=40)),
        st.just(b"a&" * 8000),  # more fields than Django reads
        st.just(b"position=1&" * 1400),
        st.binary(max_size=200),
    )
    content_types = st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=latin-1",
            "multipart/form-data; boundary=zz",
            "multipart/form-data",
            "text/plain",
        ]
    )

    @settings(FUZZ, max_examples=60)
    @given(body=bodies, content_type=content_types)
    def check(body, content_type):
        response = world.participant.generic("POST", path, body, content_type=content_type)
        assert response.status_code < 500, (body[:80], response.status_code)
        assert response["Content-Type"] == "application/json", (body[:80], response)

    check()


# --- Numbers in imported files: an error of their row, never a 500 ---------------------------
@fuzz_values()
def test_a_headcount_cell_is_a_number_or_an_error_of_its_row(value):
    cell = value.decode("utf-8", "replace").replace('"', "").replace("\n", " ")
    data = f'Tên đơn vị,Số người\nSở Tư pháp,"{cell}"\n'.encode()
    report = units_import(data=data)
    if report.ok:
        assert Unit.objects.get(name="Sở Tư pháp").headcount is None or cell.strip().isascii()
    else:
        assert [e.row for e in report.errors] == [2]
    Unit.objects.all().delete()


@pytest.fixture
def a_round(db):
    return make_round()  # with no round at all, a number is never read


@fuzz_values()
def test_a_round_cell_is_a_round_or_an_error_of_its_row(a_round, value):
    cell = value.decode("utf-8", "replace").replace('"', "").replace("\n", " ")
    data = f'Tên và địa điểm,Đợt thi\nChợ nổi – bến tàu,"{cell}"\n'.encode()
    report = banners_import(data=data)
    assert report.ok or [e.row for e in report.errors] == [2]
    Banner.objects.all().delete()
