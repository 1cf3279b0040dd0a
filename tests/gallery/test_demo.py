import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from contest.roles import is_juror
from gallery.demo import DEMO_JUROR_EMAIL
from gallery.images import private_storage
from gallery.models import Entry, JuryReview, Vote

pytestmark = pytest.mark.django_db


def gallery_counts():
    return (Entry.objects.count(), Vote.objects.count(), JuryReview.objects.count())


def test_seed_demo_adds_a_gallery_once_and_leaves_the_quiz_test_accounts_alone(capsys):
    call_command("seed_demo")
    first = gallery_counts()
    call_command("seed_demo")
    assert gallery_counts() == first
    posters = Entry.objects.filter(kind=Entry.Kind.POSTER, status=Entry.Status.APPROVED)
    poems = Entry.objects.filter(kind=Entry.Kind.POEM, status=Entry.Status.APPROVED)
    assert posters.count() >= 3 and poems.count() >= 3
    assert Entry.objects.filter(status=Entry.Status.PENDING).exists()
    assert first[1] >= 10 and first[2] >= 3
    master = Image.open(io.BytesIO(private_storage().open(posters[0].master_name).read()))
    assert max(master.size) >= posters[0].gallery.min_long_side
    assert DEMO_JUROR_EMAIL in capsys.readouterr().out
    # The quiz browser tests need thisinh09-12 untouched.
    for number in range(9, 13):
        email = f"thisinh{number:02d}@example.org"
        assert not Entry.objects.filter(author__email=email).exists()
        assert not Vote.objects.filter(voter__email=email).exists()


def test_demo_juror_signs_in_and_sees_the_jury_page():
    call_command("seed_demo")
    client = Client()
    assert client.login(email=DEMO_JUROR_EMAIL, password="cchc-demo-2026")
    assert is_juror(get_user_model().objects.get(email=DEMO_JUROR_EMAIL))
    assert client.get(reverse("gallery:jury-home")).status_code == 200
