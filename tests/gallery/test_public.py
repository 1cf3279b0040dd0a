from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gallery.models import GalleryConfig
from gallery.services.votes import vote_cast
from gallery.views import PAGE_SIZE
from tests.factories import UserFactory
from tests.gallery.conftest import make_poem, make_poster

pytestmark = pytest.mark.django_db


def ids_on(client, **params):
    response = client.get(reverse("gallery:index"), params)
    return [entry.pk for entry in response.context["page"].object_list]


def test_random_order_is_stable_per_visitor_so_pages_neither_repeat_nor_skip(gallery):
    entries = [make_poem(gallery, title=f"Bài {i}") for i in range(PAGE_SIZE + 6)]
    visitor = Client()
    first = ids_on(visitor, page=1)
    second = ids_on(visitor, page=2)
    assert ids_on(visitor, page=1) == first
    assert sorted(first + second) == sorted(e.pk for e in entries)
    assert first != sorted(first)  # not the order of submission
    others = [ids_on(Client(), page=1) for _ in range(3)]
    assert any(order != first for order in others)


def test_filter_by_kind_and_sort_by_newest(gallery):
    poem = make_poem(gallery)
    older, newer = make_poster(gallery, title="Cũ"), make_poster(gallery, title="Mới", seed=4)
    assert ids_on(Client(), kind="poem") == [poem.pk]
    assert ids_on(Client(), kind="poster", sort="newest") == [newer.pk, older.pk]


def test_most_votes_sort_only_when_counts_are_shown(gallery):
    quiet, popular = make_poem(gallery, title="Ít"), make_poem(gallery, title="Nhiều")
    for _ in range(2):
        vote_cast(voter=UserFactory(), entry=popular)
    response = Client().get(reverse("gallery:index"), {"sort": "votes"})
    assert response.context["sort"] == "random"
    assert "Most votes" not in response.content.decode()
    GalleryConfig.objects.filter(pk=gallery.pk).update(show_counts=True)
    assert ids_on(Client(), sort="votes") == [popular.pk, quiet.pk]


def test_user_text_is_escaped_everywhere_it_is_shown(gallery):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    entry = make_poem(
        gallery,
        title=attack,
        pen_name=attack,
        poem=f"{attack}\nDòng hai bình thường",
    )
    for url in [reverse("gallery:index"), reverse("gallery:entry-detail", args=[entry.pk])]:
        html = Client().get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_entry_page_shows_the_poem_as_lines_the_vote_button_and_a_share_qr(gallery):
    entry = make_poem(gallery)
    html = Client().get(reverse("gallery:entry-detail", args=[entry.pk])).content.decode()
    assert "Một cửa giấy tờ gọn gàng<br>Người dân" in html
    assert "<svg" in html and f"/thu-vien/{entry.pk}/" in html
    voter = UserFactory()
    client = Client()
    client.force_login(voter)
    html = client.get(reverse("gallery:entry-detail", args=[entry.pk])).content.decode()
    assert "data-vote" in html and reverse("gallery:vote", args=[entry.pk]) in html


def test_thumbnails_are_lazy_with_width_height_and_srcset(gallery):
    entry = make_poster(gallery)
    html = Client().get(reverse("gallery:index")).content.decode()
    assert 'loading="lazy"' in html and 'width="400" height="300"' in html
    for rendition in entry.renditions:
        assert f"{reverse('gallery:image', args=[rendition['name']])} {rendition['width']}w" in html


def test_images_are_served_with_nosniff_and_an_image_type(gallery):
    entry = make_poster(gallery)
    response = Client().get(reverse("gallery:image", args=[entry.renditions[0]["name"]]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_images_of_entries_not_public_are_not_served(gallery):
    entry = make_poster(gallery, approve=False)
    url = reverse("gallery:image", args=[entry.renditions[0]["name"]])
    assert Client().get(url).status_code == 404
    author = Client()
    author.force_login(entry.author)
    assert author.get(url).status_code == 200
    assert Client().get("/thu-vien/anh/..%2F..%2Fsettings.py").status_code == 404
    assert Client().get("/thu-vien/anh/" + "0" * 32 + "-400.webp").status_code == 404


def test_originals_go_to_organizers_and_jurors_only_as_anonymous_attachments(
    gallery, organizer, juror
):
    entry = make_poster(gallery)
    url = reverse("gallery:original", args=[entry.pk])
    assert Client().get(url).status_code == 302  # to sign in
    public = Client()
    public.force_login(UserFactory())
    assert public.get(url).status_code == 403
    for user in (organizer, juror):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"tac-pham-{entry.pk}.jpg" in response["Content-Disposition"]
    jury = Client()
    jury.force_login(juror)
    uploaded = jury.get(url + "?as=uploaded")
    assert "-goc" not in uploaded["Content-Disposition"]  # jurors get the clean master only


@pytest.mark.urls("tests.gallery.media_urls")
def test_the_sites_own_media_route_sends_nosniff_and_leaves_posters_to_the_image_view(
    gallery, settings
):
    entry = make_poster(gallery)
    assert Client().get(f"/media/gallery/{entry.renditions[0]['name']}").status_code == 404
    (Path(settings.MEDIA_ROOT) / "notice.pdf").write_bytes(b"%PDF-1.4")
    response = Client().get("/media/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
