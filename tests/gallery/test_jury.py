import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contest.roles import JURORS, ORGANIZERS
from gallery.models import GalleryConfig, JuryReview
from gallery.selectors import rankings, winners
from gallery.services.jury import review_save
from gallery.services.votes import vote_cast
from tests.factories import ParticipantFactory, UserFactory
from tests.gallery.conftest import make_poem, make_poster

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury_client(juror):
    client = Client()
    client.force_login(juror)
    return client


def score(entry, juror, *values, note=""):
    criteria = list(entry.gallery.criteria.all())
    return review_save(
        entry=entry,
        juror=juror,
        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        note=note,
    )


def close_voting(gallery):
    GalleryConfig.objects.filter(pk=gallery.pk).update(
        voting_opens_at=timezone.now() - timedelta(days=3),
        voting_closes_at=timezone.now() - timedelta(minutes=1),
    )
    gallery.refresh_from_db()


def test_jurors_see_entries_without_author_names_or_pen_names(gallery, jury_client):
    author = ParticipantFactory(full_name="Lê Hoàng Phúc").user
    poster = make_poster(gallery, author, title="Tranh số một")
    poem = make_poem(gallery, author, pen_name="Bút Danh Riêng", title="Thơ số hai")
    pages = [
        jury_client.get(reverse("gallery:jury-home")),
        jury_client.get(reverse("gallery:jury-score", args=[poster.pk])),
        jury_client.get(reverse("gallery:jury-score", args=[poem.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        for secret in ("Lê Hoàng Phúc", "Bút Danh Riêng", author.email):
            assert secret not in html
    assert "Tranh số một" in pages[0].content.decode()
    original = jury_client.get(reverse("gallery:original", args=[poster.pk]))
    assert "Phúc" not in original["Content-Disposition"]


def test_jury_pages_are_for_jurors_only(gallery, client, organizer):
    make_poem(gallery)
    client.force_login(organizer)
    assert client.get(reverse("gallery:jury-home")).status_code == 403


def test_juror_scores_each_criterion_from_1_to_10_with_a_note(gallery, jury_client, juror):
    entry = make_poem(gallery)
    criteria = list(gallery.criteria.all())
    url = reverse("gallery:jury-score", args=[entry.pk])
    bad = {f"c{c.pk}": 11 for c in criteria}
    response = jury_client.post(url, bad)
    assert response.status_code == 200 and not JuryReview.objects.exists()
    data = {f"c{c.pk}": v for c, v in zip(criteria, [8, 7, 9], strict=True)} | {
        "note": "Ý tứ rõ ràng"
    }
    assert jury_client.post(url, data).status_code == 302
    review = JuryReview.objects.get(juror=juror)
    assert review.note == "Ý tứ rõ ràng"
    assert sorted(review.scores.values_list("score", flat=True)) == [7, 8, 9]
    data[f"c{criteria[0].pk}"] = 10
    jury_client.post(url, data)
    assert sorted(review.scores.values_list("score", flat=True)) == [7, 9, 10]


def test_scores_are_locked_once_results_are_published(gallery, juror):
    entry = make_poem(gallery)
    score(entry, juror, 5, 5, 5)
    close_voting(gallery)
    from gallery.services.jury import results_publish

    results_publish(gallery=gallery)
    with pytest.raises(ValidationError):
        score(entry, juror, 9, 9, 9)


def test_jury_ranking_is_the_weighted_average_over_jurors(gallery, juror):
    other = UserFactory()
    other.groups.add(Group.objects.get(name=JURORS))
    a, b = make_poem(gallery, title="A"), make_poem(gallery, title="B")
    # Weights 4, 3, 3: juror 1 gives A (10, 5, 5) = 7.0; juror 2 gives A (6, 6, 6) = 6.0.
    score(a, juror, 10, 5, 5)
    score(a, other, 6, 6, 6)
    score(b, juror, 7, 7, 7)
    rows = rankings(gallery)["jury"]
    assert [(r.entry.title, round(r.jury, 2), r.reviews) for r in rows] == [
        ("B", 7.0, 1),
        ("A", 6.5, 2),
    ]


def test_organizers_see_each_jurors_progress(gallery, juror, organizer_client):
    entries = [make_poem(gallery, title=f"Bài {i}") for i in range(3)]
    score(entries[0], juror, 5, 5, 5)
    page = organizer_client.get(reverse("gallery:organizer"))
    assert [(j.email, done, total) for j, done, total in page.context["progress"]] == [
        (juror.email, 1, 3)
    ]


def test_organizers_and_jurors_cannot_win(gallery, juror):
    gallery.jurors_may_not_submit = False  # this contest lets jurors enter
    gallery.save()
    organizer_author = ParticipantFactory().user
    organizer_author.groups.add(Group.objects.get(name=ORGANIZERS))
    by_organizer = make_poem(gallery, organizer_author, title="Của ban tổ chức")
    juror_author = ParticipantFactory().user
    juror_author.groups.add(Group.objects.get(name=JURORS))
    by_juror = make_poem(gallery, juror_author, title="Của giám khảo")
    fair = make_poem(gallery, title="Của thí sinh")
    for entry, value in ((by_organizer, 10), (by_juror, 9), (fair, 6)):
        score(entry, UserFactory(), value, value, value)
    for _ in range(3):
        vote_cast(voter=UserFactory(), entry=by_organizer)
    result = winners(gallery)
    assert [r.entry for r in result["jury"]] == [fair]
    assert [r.entry for r in result["popular"]] == [fair]
    assert rankings(gallery)["jury"][0].entry == by_organizer  # ranked, not a winner


def test_blended_ranking_when_the_contest_uses_one(gallery, juror):
    gallery.blend_jury_percent = 70
    gallery.save()
    a, b = make_poem(gallery, title="A"), make_poem(gallery, title="B")
    score(a, juror, 9, 9, 9)
    score(b, juror, 7, 7, 7)
    for _ in range(4):
        vote_cast(voter=UserFactory(), entry=b)
    vote_cast(voter=UserFactory(), entry=a)
    rows = rankings(gallery)["blend"]
    # A: 0.7*90 + 0.3*25 = 70.5; B: 0.7*70 + 0.3*100 = 79.
    assert [(r.entry.title, round(r.blend, 1)) for r in rows] == [("B", 79.0), ("A", 70.5)]


def test_publishing_waits_for_voting_to_close_then_shows_the_winners_page(
    gallery, juror, organizer_client
):
    entry = make_poster(gallery, ParticipantFactory(full_name="Võ Thị Kim Anh").user)
    score(entry, juror, 8, 8, 8)
    organizer_client.post(reverse("gallery:publish"))
    gallery.refresh_from_db()
    assert gallery.results_published_at is None
    visitor = Client()
    assert visitor.get(reverse("gallery:results")).context["winners"] is None
    close_voting(gallery)
    organizer_client.post(reverse("gallery:publish"))
    page = visitor.get(reverse("gallery:results"))
    assert [r.entry for r in page.context["winners"]["jury"]] == [entry]
    html = page.content.decode()
    assert "Võ T. K. A." in html and "Kim Anh" not in html  # shortened as the contest chose


def test_rankings_export_to_xlsx_with_formula_text_neutralised(gallery, juror, organizer_client):
    entry = make_poem(gallery, title='=HYPERLINK("http://x")')
    score(entry, juror, 8, 8, 8)
    response = organizer_client.get(reverse("gallery:rankings-export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert row[header.index(header[3])] == '\'=HYPERLINK("http://x")'
    assert row[7] == 8


def test_score_form_lists_the_criteria_in_their_order(gallery, jury_client):
    entry = make_poem(gallery)
    form = jury_client.get(reverse("gallery:jury-score", args=[entry.pk])).context["form"]
    labels = [str(form[name].label).split(" (")[0] for name in form.fields]
    assert labels[:3] == ["Nội dung", "Sáng tạo", "Thẩm mỹ"]
