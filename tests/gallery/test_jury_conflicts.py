"""A juror who is also an author: never scores their own entry, may be kept from entering, and
sees full-size originals only of the entries the jury judges."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from contest.models import AuditEntry
from contest.roles import JURORS
from contest.services.audit import Action
from gallery.models import Entry, GalleryConfig, JuryReview, JuryScore
from gallery.selectors import jury_progress, rankings
from gallery.services.entries import entry_submit, entry_update
from gallery.services.jury import review_save
from gallery.services.moderation import entry_hide, entry_reject
from tests.factories import OrganizerFactory, ParticipantFactory
from tests.gallery.conftest import POEM, make_poem, make_poster
from tests.gallery.test_organizer import config_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def juror_author(db):
    """A juror who made a participant profile (and so may try to enter)."""
    user = ParticipantFactory(full_name="Phạm Văn Giám").user
    user.groups.add(Group.objects.get(name=JURORS))
    return user


@pytest.fixture
def open_gallery(gallery):
    """A contest that lets jurors send entries, as the issue's contest did."""
    gallery.jurors_may_not_submit = False
    gallery.save()
    return gallery


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def full_marks(gallery) -> dict[int, int]:
    return {criterion.pk: 10 for criterion in gallery.criteria.all()}


# --- Scoring one's own entry ---------------------------------------------------------


def test_a_juror_cannot_score_their_own_entry(open_gallery, juror_author):
    own = make_poem(open_gallery, juror_author, title="Thơ của giám khảo")
    with pytest.raises(ValidationError) as refused:
        review_save(entry=own, juror=juror_author, scores=full_marks(open_gallery))
    assert refused.value.code == "own_entry"
    assert not JuryReview.objects.exists()


def test_a_juror_posting_full_marks_for_their_own_entry_is_refused(open_gallery, juror_author):
    own = make_poem(open_gallery, juror_author, title="Thơ của giám khảo")
    data = {f"c{pk}": score for pk, score in full_marks(open_gallery).items()}
    client = logged_in(juror_author)
    response = client.post(reverse("gallery:jury-score", args=[own.pk]), data)
    assert response.status_code == 404
    assert not JuryReview.objects.exists()
    assert client.get(reverse("gallery:jury-score", args=[own.pk])).status_code == 404


def test_a_jurors_own_entry_is_not_in_their_list_nor_counted_as_theirs_to_score(
    open_gallery, juror_author
):
    own = make_poem(open_gallery, juror_author, title="Thơ của giám khảo")
    other = make_poem(open_gallery, title="Thơ của thí sinh")
    page = logged_in(juror_author).get(reverse("gallery:jury-home"))
    assert [entry for entry, _review in page.context["rows"]] == [other]
    assert "Thơ của giám khảo" not in page.content.decode()
    progress = {juror.pk: (done, total) for juror, done, total in jury_progress(open_gallery)}
    assert progress[juror_author.pk] == (0, 1)
    assert own.status == Entry.Status.APPROVED


def test_after_scoring_the_next_entry_offered_is_never_the_jurors_own(open_gallery, juror_author):
    first = make_poem(open_gallery, title="Bài một")
    make_poem(open_gallery, juror_author, title="Bài của giám khảo")
    last = make_poem(open_gallery, title="Bài ba")
    data = {f"c{pk}": 7 for pk in full_marks(open_gallery)}
    response = logged_in(juror_author).post(reverse("gallery:jury-score", args=[first.pk]), data)
    assert response.url == reverse("gallery:jury-score", args=[last.pk])


def test_a_self_score_saved_before_the_rule_does_not_count_in_the_jury_ranking(
    open_gallery, juror_author
):
    own = make_poem(open_gallery, juror_author, title="Thơ của giám khảo")
    # As the old code let it be saved: the juror gave their own entry 10/10/10.
    review = JuryReview.objects.create(entry=own, juror=juror_author)
    for criterion in open_gallery.criteria.all():
        JuryScore.objects.create(review=review, criterion=criterion, score=10)
    assert rankings(open_gallery)["jury"] == []


# --- The setting "jurors may not submit entries" --------------------------------------


def test_jurors_are_kept_from_entering_by_default(db):
    assert GalleryConfig._meta.get_field("jurors_may_not_submit").default is True


def test_the_setting_refuses_a_jurors_entry_in_the_service(gallery, juror_author):
    assert gallery.jurors_may_not_submit
    with pytest.raises(ValidationError) as refused:
        entry_submit(
            gallery=gallery,
            author=juror_author,
            kind=Entry.Kind.POEM,
            data={"title": "Một cửa", "pen_name": "Hoa Sen", "poem": POEM},
        )
    assert refused.value.code == "juror"
    assert not Entry.objects.exists()


def test_the_setting_refuses_a_jurors_entry_and_tells_them_why(gallery, juror_author):
    client = logged_in(juror_author)
    data = {
        "title": "Một cửa",
        "pen_name": "Hoa Sen",
        "poem": POEM,
        "pledge": "on",
        "consent": "on",
    }
    response = client.post(reverse("gallery:entry-create", args=["tho"]), data, follow=True)
    assert not Entry.objects.exists()
    html = response.content.decode()
    assert "Thành viên Ban giám khảo không được gửi tác phẩm tham gia cuộc thi này." in html
    for page in (html, client.get(reverse("gallery:index")).content.decode()):
        assert reverse("gallery:entry-create", args=["tho"]) not in page
        assert reverse("gallery:entry-create", args=["tranh"]) not in page


def test_a_juror_cannot_resend_an_earlier_entry_while_the_setting_is_on(gallery):
    author = ParticipantFactory().user
    entry = make_poem(gallery, author, approve=False)
    entry_reject(entry=entry, by=OrganizerFactory(), reason="Sai thể thơ")
    author.groups.add(Group.objects.get(name=JURORS))  # named to the jury afterwards
    with pytest.raises(ValidationError) as refused:
        entry_update(entry=entry, author=author, data={"title": "Một cửa", "poem": POEM})
    assert refused.value.code == "juror"
    entry.refresh_from_db()
    assert entry.status == Entry.Status.REJECTED


def test_with_the_setting_off_a_juror_may_enter(open_gallery, juror_author):
    entry = make_poem(open_gallery, juror_author, approve=False)
    assert entry.status == Entry.Status.PENDING
    page = logged_in(juror_author).get(reverse("gallery:my-entries")).content.decode()
    assert reverse("gallery:entry-create", args=["tho"]) in page


def test_changing_the_setting_is_in_the_audit_log(gallery, organizer_client):
    response = organizer_client.post(
        reverse("gallery:config-edit"), config_data(jurors_may_not_submit="")
    )
    assert response.status_code == 302, response.context["form"].errors
    gallery.refresh_from_db()
    assert gallery.jurors_may_not_submit is False
    audit = AuditEntry.objects.filter(action=Action.GALLERY_EDIT).latest("pk")
    assert audit.changes["jurors_may_not_submit"] == [True, False]


# --- Full-size originals ----------------------------------------------------------------


def test_jurors_get_originals_only_of_approved_entries(gallery, juror, organizer_client):
    pending = make_poster(gallery, approve=False, seed=1)
    rejected = make_poster(gallery, approve=False, seed=2)
    entry_reject(entry=rejected, by=OrganizerFactory(), reason="Không đúng chủ đề")
    hidden = make_poster(gallery, seed=3)
    entry_hide(entry=hidden, by=OrganizerFactory(), reason="Trùng tác phẩm khác")
    approved = make_poster(gallery, seed=4)
    client = logged_in(juror)
    for entry in (pending, rejected, hidden):
        response = client.get(reverse("gallery:original", args=[entry.pk]))
        assert response.status_code == 404, entry.get_status_display()
    assert client.get(reverse("gallery:original", args=[approved.pk])).status_code == 200
    # Organizers moderate, so they still see every original.
    assert organizer_client.get(reverse("gallery:original", args=[pending.pk])).status_code == 200
