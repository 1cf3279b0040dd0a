"""Posters waiting for moderation or rejected: their images reach their authors and the
organizers only, also where the site serves MEDIA_ROOT itself (make run, make dev)."""

import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches, reverse

import config.urls
from gallery.services.moderation import entry_reject
from tests.factories import OrganizerFactory, ParticipantFactory

from .conftest import make_poster


@pytest.fixture
def site_serving_media(settings):
    """config/urls.py as `make dev` loads it: DEBUG on, MEDIA_ROOT served by the site."""
    settings.DEBUG = True
    settings.SERVE_MEDIA = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def visitors(entry):
    """(client, may see the entry) for everyone who might ask."""
    anonymous = Client()
    other = Client()
    other.force_login(ParticipantFactory().user)
    author = Client()
    author.force_login(entry.author)
    organizer = Client()
    organizer.force_login(OrganizerFactory())
    return [(anonymous, False), (other, False), (author, True), (organizer, True)]


@pytest.mark.parametrize("state", ["pending", "rejected"])
def test_images_of_entries_not_published_go_to_their_author_and_organizers_only(
    gallery, site_serving_media, state
):
    entry = make_poster(gallery, approve=False)
    if state == "rejected":
        entry_reject(entry=entry, by=OrganizerFactory(), reason="Không đúng chủ đề.")
    name = entry.renditions[0]["name"]
    for client, allowed in visitors(entry):
        response = client.get(reverse("gallery:image", args=[name]))
        assert response.status_code == (200 if allowed else 404)
        if allowed:
            assert response["Cache-Control"] == "private, no-store"
        # Not around the check through MEDIA_URL either, whoever asks.
        assert client.get(f"/media/gallery/{name}").status_code == 404


def test_published_images_are_public_through_the_image_view_only(gallery, site_serving_media):
    entry = make_poster(gallery)
    name = entry.renditions[0]["name"]
    assert Client().get(reverse("gallery:image", args=[name])).status_code == 200
    assert Client().get(f"/media/gallery/{name}").status_code == 404
