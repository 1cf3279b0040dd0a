"""Django's admin shows the gallery's records but cannot change them: settings, moderation,
votes and jury scores change only through the pages whose services write the audit log."""

import pytest
from django.urls import reverse

from gallery.models import Entry, GalleryConfig, JuryReview, Vote
from gallery.services.jury import review_save
from gallery.services.votes import vote_cast
from tests.factories import UserFactory
from tests.gallery.conftest import make_poem

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(gallery, juror):
    entry = make_poem(gallery)
    vote = vote_cast(voter=UserFactory(), entry=entry)
    scores = {criterion.pk: 8 for criterion in gallery.criteria.all()}
    review = review_save(entry=entry, juror=juror, scores=scores)
    return [gallery, entry, vote, review]


@pytest.mark.parametrize("model", [GalleryConfig, Entry, Vote, JuryReview])
def test_staff_see_the_record_in_the_admin_but_cannot_change_or_delete_it(client, records, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    record = next(r for r in records if isinstance(r, model))
    name = f"admin:gallery_{model._meta.model_name}"
    before = model.objects.filter(pk=record.pk).values().get()

    page = client.get(reverse(f"{name}_change", args=[record.pk]))
    assert page.status_code == 200
    assert b'type="submit"' not in page.content.split(b'id="content"')[1]

    change, delete = (reverse(f"{name}_{view}", args=[record.pk]) for view in ("change", "delete"))
    assert client.post(change, {}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse(f"{name}_add")).status_code == 403
    assert model.objects.filter(pk=record.pk).values().get() == before
