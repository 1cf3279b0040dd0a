"""The page budget (issue 13): forms rendered in Python with the templates' exact HTML, the
projector's QR code drawn once per round, and a bounded number of queries per page whatever
the number of rows (enough units, attempts, entries and votes that an N+1 would show)."""

from datetime import date, timedelta

import pytest
from allauth.account.forms import SignupForm
from django import forms
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

import config.form_rendering as form_rendering
import contest.qr
from config.form_rendering import FormRenderer
from config.renderers import FormRenderer as TemplateFormRenderer
from contest.forms import ParticipantForm
from contest.models import Unit
from gallery.models import Entry, GalleryConfig, Vote
from quizzes.models import Attempt
from quizzes.services.attempts import attempt_start
from tests.factories import ContestFactory, ParticipantFactory, UnitFactory, UserFactory, make_round
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db

ODD = 'Hội "Văn & Nghệ" <tỉnh>'


# --- Forms: Python rendering is the templates' rendering ----------------------------------


class EveryWidget(forms.Form):
    required_css_class = "required"
    error_css_class = "has-error"
    text = forms.CharField(
        max_length=10, help_text="x <b>y</b>", widget=forms.TextInput(attrs={"placeholder": ODD})
    )
    unit = forms.ChoiceField(
        label="Đơn vị?", choices=[("", "— Chọn —"), ("1", ODD), ("2", "B"), (3, 1000.5)]
    )
    kind = forms.ChoiceField(
        choices=[("x", "X"), ("y", mark_safe("<b>Y</b>"))], widget=forms.RadioSelect
    )
    many = forms.MultipleChoiceField(
        choices=[("Nhóm <1>", [("p", "P"), ("q", "Q")]), ("r", "R")],
        widget=forms.CheckboxSelectMultiple,
    )
    grouped = forms.MultipleChoiceField(
        choices=[("Nhóm", [("p", "P")]), ("r", ODD)],
        widget=forms.SelectMultiple(attrs={"class": "k"}),
    )
    agree = forms.BooleanField(help_text="đồng ý")
    born = forms.DateField(widget=forms.DateInput(format="%d/%m/%Y"))
    note = forms.CharField(widget=forms.Textarea, label="")
    count = forms.IntegerField()
    secret = forms.CharField(widget=forms.PasswordInput)
    email = forms.EmailField(disabled=True)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError('Lỗi <chung> & "x"')


FILLED = {
    "text": '<x>"&',
    "unit": "1",
    "kind": "y",
    "many": ["p", "r"],
    "agree": "on",
    "born": "01/02/2020",
    "note": "dòng 1\n<b>&",
    "count": "1234",
    "secret": "pw",
    "token": "v&",
    "grouped": ["r"],
}


def _both(form_class, *args, **kwargs):
    fast = form_class(*args, renderer=FormRenderer(), **kwargs)
    slow = form_class(*args, renderer=TemplateFormRenderer(), **kwargs)
    return fast, slow


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("data", [None, FILLED, {"unit": "zz", "born": "sai"}])
@pytest.mark.parametrize("auto_id", ["id_%s", ""])
def test_every_stock_widget_renders_exactly_as_django_templates_do(language, data, auto_id):
    with translation.override(language):
        fast, slow = _both(
            EveryWidget, data, initial={"born": date(2020, 3, 4), "count": 12345}, auto_id=auto_id
        )
        for method in ("render", "as_div", "as_p", "as_table", "as_ul"):
            assert getattr(fast, method)() == getattr(slow, method)()
        for name in fast.fields:
            assert fast[name].as_field_group() == slow[name].as_field_group()
            assert fast[name].label_tag() == slow[name].label_tag()


def test_the_profile_form_with_hundreds_of_units_renders_as_its_templates_do():
    Unit.objects.bulk_create(
        Unit(name=f"UBND xã {i}", kind="peoples_committee") for i in range(300)
    )
    odd = UnitFactory(name=ODD)
    participant = ParticipantFactory(unit=odd)
    invalid = {"full_name": "x1", "phone": "12", "unit_choice": str(odd.pk)}
    for args, kwargs in [((), {}), ((), {"instance": participant}), ((invalid,), {})]:
        fast, slow = _both(ParticipantForm, *args, **kwargs)
        fast.is_bound and fast.is_valid()
        slow.is_bound and slow.is_valid()
        assert str(fast) == str(slow)
    assert (
        f'<option value="{odd.pk}" selected>Hội &quot;Văn &amp; Nghệ&quot; &lt;tỉnh&gt;</option>'
        in str(ParticipantForm(instance=participant))
    )


def test_the_signup_form_renders_as_its_templates_do():
    fast, slow = _both(SignupForm, {"email": "not-an-email", "password1": "a"})
    fast.is_valid(), slow.is_valid()
    assert str(fast) == str(slow)


def test_a_project_override_of_a_widget_template_is_honoured(tmp_path, settings):
    overrides = tmp_path / "django" / "forms" / "widgets"
    overrides.mkdir(parents=True)
    (overrides / "select.html").write_text("<select data-mine>{{ widget.name }}</select>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    html = str(EveryWidget(renderer=FormRenderer())["unit"])
    assert html == "<select data-mine>unit</select>"


def test_editing_the_site_field_template_falls_back_to_the_template(monkeypatch):
    renderer = FormRenderer()
    assert renderer.in_python(form_rendering.SITE_FIELD)
    monkeypatch.setattr(form_rendering, "SITE_FIELD_SHA256", "0" * 64)
    assert not FormRenderer().in_python(form_rendering.SITE_FIELD)


def test_profile_page_renders_no_template_per_field_or_option(client, settings):
    """Django's test client records every template rendered: the form's are none now."""
    settings.FORM_RENDERER = "config.form_rendering.FormRenderer"
    Unit.objects.bulk_create(
        Unit(name=f"UBND xã {i}", kind="peoples_committee") for i in range(300)
    )
    odd = UnitFactory(name=ODD)
    participant = ParticipantFactory(unit=odd)
    client.force_login(participant.user)
    response = client.get(reverse("contest:profile-edit"))
    names = [t.name for t in response.templates]
    assert not [n for n in names if n.startswith("django/forms/") or n == "forms/field.html"]
    html = response.content.decode()
    assert "Hội &quot;Văn &amp; Nghệ&quot; &lt;tỉnh&gt;" in html
    assert f'<option value="{odd.pk}" selected>' in html
    assert 'name="full_name"' in html and "required" in html
    assert 'aria-describedby="id_phone_helptext"' in html


def test_profile_errors_keep_their_messages_labels_and_aria(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("contest:profile-edit"), {"full_name": "", "phone": "1"})
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_full_name_error"><li>' in html
    assert 'aria-invalid="true"' in html
    assert '<label for="id_full_name" class="required">' in html


# --- The projector's QR code --------------------------------------------------------------


def test_projector_qr_code_is_drawn_once_per_round(client, monkeypatch):
    made = []
    real = contest.qr.qrcode.make
    monkeypatch.setattr(
        contest.qr.qrcode, "make", lambda *a, **k: made.append(a[0]) or real(*a, **k)
    )
    contest.qr.qr_svg_cached.cache_clear()
    first, second = make_round(), make_round(title="Đợt 2")
    for _ in range(3):
        assert client.get(reverse("quizzes:round-screen", args=[first.pk])).status_code == 200
    assert len(made) == 1
    client.get(reverse("quizzes:round-screen", args=[second.pk]))
    client.get(reverse("quizzes:round-screen", args=[second.pk]))
    assert len(made) == 2 and made[0] != made[1]


# --- Queries per page, with many rows -----------------------------------------------------


@pytest.fixture
def crowd():
    """An open round of 20 questions with 30 finished attempts, many units, a signed-in
    participant with a finished attempt and a running one, and a gallery with votes."""
    contest = ContestFactory()
    round = make_round(contest=contest, questions_per_topic=(10, 10), bank_size=12)
    Unit.objects.bulk_create(
        Unit(name=f"UBND xã {i}", kind="peoples_committee") for i in range(200)
    )
    start = timezone.now() - timedelta(hours=2)
    people = [ParticipantFactory() for _ in range(30)]
    for index, person in enumerate(people):
        take(
            round, person, start=start + timedelta(minutes=index), seconds=300 + index, prediction=3
        )
    me = people[0]
    running = attempt_start(participant=me, round=round)
    now = timezone.now()
    gallery = GalleryConfig.objects.create(
        contest=contest,
        title="Thư viện",
        submissions_open_at=now - timedelta(days=1),
        submissions_close_at=now + timedelta(days=1),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=1),
        show_counts=True,
    )
    Entry.objects.bulk_create(
        Entry(
            gallery=gallery,
            author=person.user,
            kind=Entry.Kind.POEM,
            title=f"Bài thơ {i}",
            pen_name="Mây",
            poem="Một\nHai\nBa\nBốn\nNăm",
            status=Entry.Status.APPROVED,
            pledged_at=now,
            display_consent_at=now,
        )
        for i, person in enumerate(people)
    )
    entries = list(Entry.objects.filter(gallery=gallery))
    Vote.objects.bulk_create(
        Vote(entry=entry, voter=person.user) for entry in entries[:10] for person in people
    )
    finished = Attempt.objects.get(round=round, participant=me, finished_at__isnull=False)
    return {"round": round, "me": me, "running": running, "finished": finished, "entry": entries[0]}


PAGES = [
    # (name, signed in, URL from the crowd, at most this many queries)
    ("round", True, lambda c: reverse("quizzes:round-detail", args=[c["round"].pk]), 6),
    (
        "attempt",
        True,
        lambda c: reverse("quizzes:attempt-detail", args=[c["running"].token]) + "?q=2",
        6,
    ),
    ("review", True, lambda c: reverse("quizzes:attempt-review", args=[c["running"].token]), 5),
    ("result", True, lambda c: reverse("quizzes:attempt-result", args=[c["finished"].token]), 6),
    ("board", False, lambda c: reverse("quizzes:round-board", args=[c["round"].pk]), 1),
    ("projector", False, lambda c: reverse("quizzes:round-screen", args=[c["round"].pk]), 1),
    ("gallery grid", False, lambda c: reverse("gallery:index"), 3),
    ("gallery grid, signed in", True, lambda c: reverse("gallery:index"), 7),
    ("gallery entry", False, lambda c: reverse("gallery:entry-detail", args=[c["entry"].pk]), 2),
    # The contest's settings since issue 15: which types choose a unit, what a prize needs.
    ("profile", True, lambda c: reverse("contest:profile-edit"), 6),
    ("home", True, lambda c: reverse("home"), 6),
    ("home, signed out", False, lambda c: reverse("home"), 2),
]


@pytest.mark.parametrize("name,signed_in,url,most", PAGES, ids=[p[0] for p in PAGES])
def test_page_makes_a_bounded_number_of_queries(
    client, crowd, django_assert_max_num_queries, name, signed_in, url, most
):
    if signed_in:
        client.force_login(crowd["me"].user)
    address = url(crowd)
    client.get(address)  # the session and language settle on the first request
    with django_assert_max_num_queries(most):
        response = client.get(address)
    assert response.status_code == 200


def test_review_page_lists_the_unanswered_questions_by_number(client, crowd):
    client.force_login(crowd["me"].user)
    running = crowd["running"]
    html = client.get(reverse("quizzes:attempt-review", args=[running.token])).content.decode()
    detail = reverse("quizzes:attempt-detail", args=[running.token])
    for position in range(1, running.question_count + 1):
        assert f'href="{detail}?q={position}"' in html


def test_attempt_page_escapes_question_and_choice_texts(client, crowd):
    from quizzes.models import Choice, Question

    running = crowd["running"]
    item = running.items.get(position=1)
    Question.objects.filter(pk=item.question_id).update(text='Câu <b>"1"</b>\ndòng 2')
    Choice.objects.filter(pk=item.choice_keys[0][1]).update(text="<script>x</script> & co")
    client.force_login(crowd["me"].user)
    html = client.get(reverse("quizzes:attempt-detail", args=[running.token])).content.decode()
    assert "Câu &lt;b&gt;&quot;1&quot;&lt;/b&gt;<br>dòng 2" in html
    assert "<span>&lt;script&gt;x&lt;/script&gt; &amp; co</span>" in html
    assert "<script>x</script>" not in html
    assert html.count('name="csrfmiddlewaretoken"') >= running.question_count


def test_gallery_grid_cards_escape_texts_and_show_votes(client, crowd):
    entry = crowd["entry"]
    Entry.objects.filter(pk=entry.pk).update(
        title='Thơ <b>"1"</b> & co', pen_name="<i>Mây</i>", poem="<a>Một\nHai & Ba"
    )
    Entry.objects.exclude(pk=entry.pk).update(status=Entry.Status.HIDDEN)
    client.force_login(Vote.objects.filter(entry=entry).first().voter)
    html = client.get(reverse("gallery:index")).content.decode()
    assert f'href="{reverse("gallery:entry-detail", args=[entry.pk])}"' in html
    assert '<span class="entry-title">Thơ &lt;b&gt;&quot;1&quot;&lt;/b&gt; &amp; co</span>' in html
    assert "&lt;i&gt;Mây&lt;/i&gt;" in html and "&lt;a&gt;Một<br>Hai &amp; Ba" in html
    assert "30 phiếu" in html and '<span class="ok">' in html
    assert "<i>Mây</i>" not in html


# --- The page chrome: rendered once per language and menu, the same HTML as before ---------

# base.html's header and footer written inline, as they were before {% site_chrome %} (with
# the one-tap language switches of issue 15 in the header and the footer).
INLINE_CHROME = (
    "{% load i18n %}{% get_current_language as LANGUAGE_CODE %}"
    """<header class="site-header">
    <div class="wrap header-row">
      <a class="brand" href="{% url 'home' %}">{% translate "Administrative reform contest" %}</a>
      <form class="language" method="post" action="{% url 'set_language' %}" aria-label="{% translate 'Language' %}">{% csrf_token %}
        <input type="hidden" name="next" value="{{ request.get_full_path }}">
        {% get_available_languages as LANGUAGES %}{% get_language_info_list for LANGUAGES as languages %}{% for language in languages %}{% if not forloop.first %}<span class="sep" aria-hidden="true">|</span>{% endif %}<button type="submit" name="language" value="{{ language.code }}" class="link" lang="{{ language.code }}"{% if language.code == LANGUAGE_CODE %} aria-current="true"{% endif %}>{{ language.code|upper }}<span class="visually-hidden"> {{ language.name_local }}</span></button>{% endfor %}
      </form>
      <nav aria-label="{% translate 'Main menu' %}">
        <ul class="nav">
          <li><a href="{% url 'gallery:index' %}">{% translate "Posters and poems" %}</a></li>
          {% if user.is_authenticated %}
            <li><a href="{% url 'contest:profile-edit' %}">{% translate "My profile" %}</a></li>
            {% if user_is_juror %}<li><a href="{% url 'gallery:jury-home' %}">{% translate "Scoring" %}</a></li>{% endif %}
            {% if user_is_unit_contact %}<li><a href="{% url 'campaign:my-units' %}">{% translate "My unit" %}</a></li>{% endif %}
            {% if user_is_organizer %}<li><a href="{% url 'campaign:organizer-home' %}">{% translate "Organizers" %}</a></li>{% endif %}
            <li>
              <form method="post" action="{% url 'account_logout' %}">{% csrf_token %}
                <button type="submit" class="link">{% translate "Sign out" %}</button>
              </form>
            </li>
          {% else %}
            <li><a href="{% url 'account_login' %}">{% translate "Sign in" %}</a></li>
            <li><a class="button small" href="{% url 'account_signup' %}">{% translate "Sign up" %}</a></li>
          {% endif %}
        </ul>
      </nav>
    </div>
  </header>
<footer class="site-footer">
    <div class="wrap footer-row">
      <span>{{ SITE_NAME }}</span>
      <form class="language" method="post" action="{% url 'set_language' %}" aria-labelledby="language-label">{% csrf_token %}
        <input type="hidden" name="next" value="{{ request.get_full_path }}">
        <span id="language-label">{% translate "Language" %}:</span>
        {% get_available_languages as LANGUAGES %}{% get_language_info_list for LANGUAGES as languages %}{% for language in languages %}
        <button type="submit" name="language" value="{{ language.code }}" class="link" lang="{{ language.code }}"{% if language.code == LANGUAGE_CODE %} aria-current="true"{% endif %}>{{ language.name_local }}</button>{% endfor %}
      </form>
    </div>
  </footer>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "roles", [(), ("juror",), ("organizer",), ("juror", "organizer"), ("contact",)]
)
@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("csrf", ["Tok3n", None])
def test_site_chrome_renders_as_the_inline_header_and_footer_did(
    rf, settings, language, roles, signed_in, csrf
):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    settings.SITE_NAME = 'Cuộc thi <CCHC> & "tỉnh"'  # as the context processor gives it
    request = rf.get('/thu-vien/?q=<b>"x"</b>&y=1')
    user = UserFactory() if signed_in else AnonymousUser()
    values = {
        "user": user,
        "request": request,
        "SITE_NAME": settings.SITE_NAME,
        "user_is_juror": "juror" in roles,
        "user_is_organizer": "organizer" in roles,
        "user_is_unit_contact": "contact" in roles,
    }
    if csrf:
        values["csrf_token"] = csrf
    new = Template(
        "{% load i18n site_chrome %}{% get_current_language as LANGUAGE_CODE %}"
        '{% site_chrome "chrome/header.html" %}\n{% site_chrome "chrome/footer.html" %}'
    )
    with translation.override(language):
        for _ in range(2):  # the first render fills the store, the second reads it
            assert new.render(Context(values)) == Template(INLINE_CHROME).render(Context(values))


def test_site_chrome_shows_each_request_its_own_token_and_path(client, participant):
    client.force_login(participant.user)
    first = client.get(reverse("home") + "?a=1").content.decode()
    client.cookies.pop("csrftoken", None)
    second = client.get(reverse("gallery:index") + "?b=1&c=2").content.decode()
    assert first.count('name="next" value="/?a=1"') == 2  # header and footer
    assert f'name="next" value="{reverse("gallery:index")}?b=1&amp;c=2"' in second
    token = 'name="csrfmiddlewaretoken" value="'
    # Sign out, and the language switches of the header and the footer.
    assert first.count(token) == 3 and second.count(token) >= 3
    assert first.split(token)[1][:64] != second.split(token)[1][:64]


# --- Roles: one query per request, whatever the number of checks --------------------------


def test_role_checks_make_one_query_per_user_object(django_assert_num_queries, participant):
    from accounts.models import User
    from contest.roles import is_juror, is_organizer

    user = User.objects.get(pk=participant.user.pk)
    with django_assert_num_queries(1):
        assert not is_organizer(user) and not is_juror(user)
        assert not is_organizer(user) and not is_juror(user)


def test_adding_a_user_to_a_group_is_seen_at_once(organizer, participant):
    from django.contrib.auth.models import Group

    from contest.roles import JURORS, ORGANIZERS, is_juror, is_organizer

    user = participant.user
    assert not is_organizer(user) and not is_juror(user)
    user.groups.add(Group.objects.get(name=JURORS))
    assert is_juror(user) and not is_organizer(user)
    user.groups.remove(Group.objects.get(name=JURORS))
    assert not is_juror(user)
    user.groups.set([Group.objects.get(name=ORGANIZERS)])
    assert is_organizer(user)
    user.groups.clear()
    assert not is_organizer(user)


def test_menu_follows_the_roles_of_each_request(client, participant):
    from django.contrib.auth.models import Group

    from contest.roles import JURORS, ORGANIZERS

    client.force_login(participant.user)
    scoring, desk = reverse("gallery:jury-home"), reverse("campaign:organizer-home")
    html = client.get(reverse("home")).content.decode()
    assert scoring not in html and desk not in html
    Group.objects.get(name=JURORS).user_set.add(participant.user)  # another object: reverse side
    html = client.get(reverse("home")).content.decode()
    assert f'href="{scoring}"' in html and desk not in html
    Group.objects.get(name=ORGANIZERS).user_set.add(participant.user)
    assert f'href="{desk}"' in client.get(reverse("home")).content.decode()


def test_round_page_counts_the_questions_of_every_quota(client, crowd):
    """The count comes from a sum in the round's query now, not from the quotas' rows."""
    client.force_login(crowd["me"].user)
    html = client.get(reverse("quizzes:round-detail", args=[crowd["round"].pk])).content.decode()
    assert "20 câu hỏi trắc nghiệm, rút ngẫu nhiên cho mỗi lượt thi." in html
    assert crowd["round"].question_count == 20


def test_round_page_without_quotas_says_zero_questions(client, participant):
    round = make_round()
    round.quotas.all().delete()
    client.force_login(participant.user)
    html = client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode()
    assert "0 câu hỏi trắc nghiệm" in html
