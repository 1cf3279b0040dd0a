from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gallery.models import GalleryConfig
from gallery.services.votes import vote_cast
from tests.factories import ContestFactory, UserFactory
from tests.gallery.conftest import make_poem

pytestmark = pytest.mark.django_db

WHEN = "%d/%m/%Y %H:%M"


def config_data(**extra):
    now = timezone.localtime()
    data = {
        "title": "Thi tranh cổ động",
        "rules": "Thể lệ",
        "submissions_open_at": (now - timedelta(days=1)).strftime(WHEN),
        "submissions_close_at": (now + timedelta(days=10)).strftime(WHEN),
        "voting_opens_at": now.strftime(WHEN),
        "voting_closes_at": (now + timedelta(days=20)).strftime(WHEN),
        "max_entries_per_author": 5,
        "max_poem_lines": 30,
        "max_image_mb": 20,
        "min_long_side": 2000,
        "vote_rule": "daily",
        "show_counts": "on",
        "blend_jury_percent": "",
        "winners_per_ranking": 3,
        "criteria-TOTAL_FORMS": 2,
        "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 1,
        "criteria-MAX_NUM_FORMS": 1000,
        "criteria-0-name": "Nội dung",
        "criteria-0-weight": 60,
        "criteria-0-position": 0,
        "criteria-1-name": "Thẩm mỹ",
        "criteria-1-weight": 40,
        "criteria-1-position": 1,
    }
    data.update(extra)
    return data


def test_organizer_sets_up_the_competition_with_weighted_criteria(organizer_client):
    contest = ContestFactory()
    response = organizer_client.post(reverse("gallery:config-edit"), config_data())
    assert response.status_code == 302, response.context["form"].errors
    gallery = GalleryConfig.objects.get(contest=contest)
    assert (gallery.min_long_side, gallery.vote_rule, gallery.show_counts) == (2000, "daily", True)
    assert [(c.name, c.weight) for c in gallery.criteria.all()] == [
        ("Nội dung", 60),
        ("Thẩm mỹ", 40),
    ]
    assert organizer_client.get(reverse("gallery:organizer")).status_code == 200


def test_settings_refuse_a_window_that_closes_before_it_opens_and_keep_the_input(
    organizer_client,
):
    ContestFactory()
    data = config_data(voting_closes_at="01/01/2020 00:00")
    response = organizer_client.post(reverse("gallery:config-edit"), data)
    assert response.status_code == 200
    assert "voting_closes_at" in response.context["form"].errors
    assert "Thi tranh cổ động" in response.content.decode()
    assert not GalleryConfig.objects.exists()


def test_vote_rule_is_locked_once_votes_exist(organizer_client, gallery):
    vote_cast(voter=UserFactory(), entry=make_poem(gallery))
    gallery.contest.is_active = True
    gallery.contest.save()
    data = config_data(vote_rule="daily")
    response = organizer_client.post(reverse("gallery:config-edit"), data)
    assert "vote_rule" in response.context["form"].errors


def test_organizer_pages_are_closed_to_participants(client, gallery, participant):
    client.force_login(participant.user)
    for name in ["organizer", "config-edit", "moderation", "votes", "rankings", "rankings-export"]:
        assert client.get(reverse(f"gallery:{name}")).status_code == 403
