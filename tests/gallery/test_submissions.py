import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gallery.models import Entry
from tests.factories import UserFactory
from tests.gallery.conftest import POEM, image_bytes, make_poem, make_poster, upload

pytestmark = pytest.mark.django_db

EXPLANATION = "Tranh thể hiện người dân đến bộ phận một cửa được phục vụ tận tình."


def poster_data(**extra):
    data = {
        "title": "Một cửa thân thiện",
        "explanation": EXPLANATION,
        "pledge": "on",
        "consent": "on",
        "image": upload(image_bytes()),
    }
    data.update(extra)
    return data


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def test_author_submits_a_poster_that_waits_for_moderation(author_client, gallery, author):
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), poster_data())
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.author, entry.kind, entry.status) == (author, "poster", "pending")
    assert entry.pledged_at and entry.display_consent_at
    assert [r["width"] for r in entry.renditions] == [400, 800, 1600]
    page = author_client.get(reverse("gallery:my-entries"))
    assert "Một cửa thân thiện" in page.content.decode()


def test_a_refused_image_keeps_everything_else_typed(author_client, gallery):
    data = poster_data(image=upload(image_bytes(size=(1200, 800))))
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.200 px" in html and "1.500 px" in html
    assert "Một cửa thân thiện" in html and EXPLANATION in html
    assert response.context["form"]["pledge"].value() is True
    assert not Entry.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_on_the_form(author_client, gallery):
    data = poster_data(image=upload(b"%PDF-1.7 not a poster", name="poster.jpg"))
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["image"]
    assert not Entry.objects.exists()


def test_explanation_of_more_than_300_words_is_refused(author_client, gallery):
    data = poster_data(explanation=" ".join(["chữ"] * 301))
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), data)
    assert "301" in str(response.context["form"].errors["explanation"])


def test_pledge_and_consent_are_required(author_client, gallery):
    data = poster_data()
    del data["pledge"], data["consent"]
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), data)
    assert set(response.context["form"].errors) == {"pledge", "consent"}


def test_poem_keeps_its_line_breaks_and_respects_the_line_limit(author_client, gallery):
    url = reverse("gallery:entry-create", args=["tho"])
    data = {
        "title": "Một cửa",
        "pen_name": "Hoa Sen",
        "poem": POEM.replace("\n", "\r\n"),
        "pledge": "on",
        "consent": "on",
    }
    assert author_client.post(url, data).status_code == 302
    assert Entry.objects.get().poem == POEM
    gallery.max_poem_lines = 4
    gallery.save()
    data["poem"] = POEM + "\nMột dòng nữa vượt quá giới hạn"
    response = author_client.post(url, data)
    assert response.status_code == 200
    assert "5" in str(response.context["form"].errors["poem"])
    assert response.context["form"]["poem"].value().endswith("vượt quá giới hạn")


def test_per_author_limit(author_client, gallery, author):
    gallery.max_entries_per_author = 2
    gallery.save()
    make_poem(gallery, author, approve=False)
    make_poem(gallery, author, approve=False, title="Bài thứ hai")
    url = reverse("gallery:entry-create", args=["tho"])
    data = {"title": "Bài ba", "pen_name": "Hoa Sen", "poem": POEM, "pledge": "on", "consent": "on"}
    response = author_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Entry.objects.count() == 2


def test_submissions_outside_the_window_are_refused(author_client, gallery):
    gallery.submissions_close_at = timezone.now() - timedelta(minutes=1)
    gallery.submissions_open_at = timezone.now() - timedelta(days=3)
    gallery.save()
    url = reverse("gallery:entry-create", args=["tho"])
    data = {"title": "Muộn", "pen_name": "Hoa Sen", "poem": POEM, "pledge": "on", "consent": "on"}
    response = author_client.post(url, data)
    assert response.context["form"].non_field_errors()
    assert not Entry.objects.exists()


def test_an_account_without_a_profile_is_sent_to_fill_it_in(client, gallery):
    client.force_login(UserFactory())
    response = client.get(reverse("gallery:entry-create", args=["tranh"]))
    assert response.status_code == 302
    assert reverse("contest:profile-edit") in response["Location"]


def test_author_edits_and_withdraws_until_approved(author_client, gallery, author):
    entry = make_poster(gallery, author, approve=False)
    old_rendition = entry.renditions[0]["name"]
    url = reverse("gallery:entry-edit", args=[entry.pk])
    data = poster_data(title="Tên mới", image=upload(image_bytes(seed=5)))
    assert author_client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Tên mới" and entry.renditions[0]["name"] != old_rendition
    author_client.post(reverse("gallery:entry-withdraw", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN


def test_an_approved_entry_can_no_longer_be_edited_or_withdrawn(author_client, gallery, author):
    entry = make_poem(gallery, author)
    data = {"title": "Đổi", "pen_name": "X", "poem": POEM, "pledge": "on", "consent": "on"}
    author_client.post(reverse("gallery:entry-edit", args=[entry.pk]), data)
    author_client.post(reverse("gallery:entry-withdraw", args=[entry.pk]))
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("Một cửa", Entry.Status.APPROVED)


def test_nobody_edits_another_authors_entry(client, gallery):
    entry = make_poem(gallery, approve=False)
    client.force_login(make_poem(gallery, approve=False, title="Khác").author)
    assert client.get(reverse("gallery:entry-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("gallery:entry-withdraw", args=[entry.pk])).status_code == 404


def test_sending_a_rejected_entry_again_counts_against_the_limit(author_client, gallery, author):
    from gallery.services.moderation import entry_reject
    from tests.factories import OrganizerFactory

    gallery.max_entries_per_author = 1
    gallery.save()
    rejected = make_poem(gallery, author, approve=False, title="Bị từ chối")
    entry_reject(entry=rejected, by=OrganizerFactory(), reason="Trùng đề tài")
    make_poem(gallery, author, approve=False, title="Bài mới")  # allowed: rejected do not count
    data = {"title": "Sửa lại", "pen_name": "Sen", "poem": POEM, "pledge": "on", "consent": "on"}
    response = author_client.post(reverse("gallery:entry-edit", args=[rejected.pk]), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    rejected.refresh_from_db()
    assert (rejected.status, rejected.title) == (Entry.Status.REJECTED, "Bị từ chối")


def test_closed_window_message_gives_the_local_times(author_client, gallery):
    opens = timezone.datetime(2026, 9, 15, 0, 0, tzinfo=timezone.UTC)  # 07:00 in Vietnam
    gallery.submissions_open_at = opens
    gallery.submissions_close_at = opens + timedelta(days=1)
    gallery.save()
    url = reverse("gallery:entry-create", args=["tho"])
    data = {"title": "Muộn", "pen_name": "Sen", "poem": POEM, "pledge": "on", "consent": "on"}
    message = str(author_client.post(url, data).context["form"].non_field_errors())
    assert "07:00 15/09/2026" in message and "07:00 16/09/2026" in message


def test_when_every_image_slot_is_busy_the_author_is_asked_to_retry_with_text_kept(
    author_client, gallery, settings, monkeypatch
):
    busy = threading.BoundedSemaphore(1)
    busy.acquire()  # another upload is being processed
    monkeypatch.setattr("gallery.images._processing", busy)
    settings.GALLERY_IMAGE_WAIT_SECONDS = 0.1
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), poster_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đang có nhiều người gửi tranh cùng lúc" in html
    assert EXPLANATION in html
    assert not Entry.objects.exists()
    busy.release()
    response = author_client.post(reverse("gallery:entry-create", args=["tranh"]), poster_data())
    assert response.status_code == 302
