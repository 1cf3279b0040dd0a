import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gallery.models import Entry
from tests.gallery.conftest import POEM, make_poem, make_poster

pytestmark = pytest.mark.django_db


def moderate(client, entry, action, reason=""):
    return client.post(
        reverse("gallery:moderate", args=[entry.pk]), {"action": action, "reason": reason}
    )


def test_queue_lists_pending_entries_for_organizers_only(client, organizer_client, gallery, author):
    entry = make_poem(gallery, author, approve=False)
    page = organizer_client.get(reverse("gallery:moderation"))
    assert entry.title in page.content.decode()
    client.force_login(author)
    assert client.get(reverse("gallery:moderation")).status_code == 403
    assert moderate(client, entry, "approve").status_code == 403


def test_approve_publishes_the_entry_and_tells_the_author(
    organizer_client, gallery, author, django_capture_on_commit_callbacks
):
    entry = make_poem(gallery, author, approve=False)
    visitor = Client()
    assert visitor.get(reverse("gallery:entry-detail", args=[entry.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert moderate(organizer_client, entry, "approve").status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.APPROVED
    assert visitor.get(reverse("gallery:entry-detail", args=[entry.pk])).status_code == 200
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_reject_needs_a_reason_which_the_author_gets_by_email_and_on_their_page(
    organizer_client, gallery, author, django_capture_on_commit_callbacks, client, settings
):
    entry = make_poster(gallery, author, approve=False)
    moderate(organizer_client, entry, "reject", reason="")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        moderate(organizer_client, entry, "reject", reason="Ảnh có logo của đơn vị khác.")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.REJECTED
    [message] = mail.outbox
    assert message.to == [author.email]
    assert settings.SITE_NAME in message.subject
    assert "Ảnh có logo của đơn vị khác." in message.body
    client.force_login(author)
    assert (
        "Ảnh có logo của đơn vị khác." in client.get(reverse("gallery:my-entries")).content.decode()
    )


def test_hide_an_approved_entry_with_a_reason(organizer_client, gallery, client):
    entry = make_poem(gallery)
    moderate(organizer_client, entry, "hide", reason="Vi phạm quy chế.")
    entry.refresh_from_db()
    assert (entry.status, entry.moderation_reason) == (Entry.Status.HIDDEN, "Vi phạm quy chế.")
    client.logout()
    assert client.get(reverse("gallery:entry-detail", args=[entry.pk])).status_code == 404
    assert entry.title not in client.get(reverse("gallery:index")).content.decode()


def test_possible_duplicates_are_shown_for_the_same_image_and_the_same_poem(
    organizer_client, gallery
):
    first = make_poster(gallery, title="Bản gốc")
    make_poster(gallery, approve=False, title="Gửi lại")
    make_poem(gallery, title="Thơ gốc")
    make_poem(
        gallery,
        approve=False,
        title="Chép lại",
        poem=POEM.upper().replace("\n", " ,\n  "),
    )
    make_poem(gallery, approve=False, title="Bài khác", poem="Dòng một khác\nDòng hai khác hẳn")
    html = organizer_client.get(reverse("gallery:moderation")).content.decode()
    assert html.count("Bản gốc") == 1 and f"#{first.pk} Bản gốc" in html
    assert "Thơ gốc" in html
    section = html.split("Bài khác")[1].split("</section>")[0]
    assert "Thơ gốc" not in section and "Bản gốc" not in section
