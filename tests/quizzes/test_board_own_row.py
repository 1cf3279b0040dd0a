"""The viewer's own row on the live board (issue 15): the rows name a participant by a keyed
hash, the page tells its script whose row is the viewer's, and the server marks it too."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest import events
from quizzes import boards
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    round = make_round()
    start = timezone.now() - timedelta(hours=1)
    people = [ParticipantFactory() for _ in range(3)]
    for index, person in enumerate(people):
        take(round, person, start=start, seconds=100 + index, prediction=3)  # ranked in this order
    return round, people


def own_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="own" aria-current="true">.*?</tr>', html, re.S)


def test_each_board_row_carries_a_key_that_names_no_one(board):
    round, people = board
    rows = boards.snapshot(round)["board"]
    keys = [row["key"] for row in rows]
    assert keys == [boards.row_key(round.pk, person.user_id) for person in people]
    assert len(set(keys)) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", key) for key in keys)
    for person in people:
        assert str(person.user_id) not in keys and person.phone not in str(rows)
    # Another round's key for the same person differs: no one can be followed across boards.
    assert boards.row_key(round.pk + 1, people[0].user_id) != keys[0]


def test_signed_in_viewer_sees_their_own_row_marked_in_the_page(client, board):
    round, people = board
    client.force_login(people[1].user)
    html = client.get(reverse("quizzes:round-board", args=[round.pk])).content.decode()
    key = boards.row_key(round.pk, people[1].user_id)
    assert f'data-viewer="{key}"' in html
    (row,) = own_rows(html)
    assert '<td class="num" data-label="#">2</td>' in row
    assert '<span class="own-label">Bạn</span>' in row
    assert html.count("<tr>") >= 2  # the others' rows are there, unmarked


def test_signed_out_visitor_and_non_finisher_see_no_row_marked(client, board):
    round, _people = board
    url = reverse("quizzes:round-board", args=[round.pk])
    html = client.get(url).content.decode()
    assert "data-viewer" not in html and not own_rows(html)
    assert html.count('data-label="#"') == 3  # the board itself is drawn without JavaScript
    client.force_login(ParticipantFactory().user)
    assert not own_rows(client.get(url).content.decode())


def test_page_rows_follow_a_board_change_at_once(client, board, django_capture_on_commit_callbacks):
    round, _people = board
    url = reverse("quizzes:round-board", args=[round.pk])
    assert client.get(url).content.decode().count('data-label="#"') == 3
    newcomer = ParticipantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        take(round, newcomer, start=timezone.now() - timedelta(minutes=5), seconds=50, prediction=3)
    client.force_login(newcomer.user)
    html = client.get(url).content.decode()
    assert html.count('data-label="#"') == 4
    (row,) = own_rows(html)
    assert '<td class="num" data-label="#">1</td>' in row


def test_page_rows_are_read_once_per_board_generation(
    client, board, django_assert_num_queries, django_capture_on_commit_callbacks
):
    round, _people = board
    url = reverse("quizzes:round-board", args=[round.pk])
    client.get(url)
    with django_assert_num_queries(1):  # the round; the rows come from the cache
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        events.board_changed(round.pk)
    with django_assert_num_queries(2):
        client.get(url)


def test_the_published_results_mark_the_signed_in_viewers_row(client, board):
    from quizzes.services.ranking import round_close, round_publish

    round, people = board
    round.closes_at = timezone.now() - timedelta(minutes=1)
    round.save(update_fields=["closes_at"])
    round_close(round=round)
    round_publish(round=round)
    url = reverse("quizzes:round-results", args=[round.pk])

    assert own_rows(client.get(url).content.decode()) == []  # a visitor is nobody's row
    client.force_login(people[1].user)
    (row,) = own_rows(client.get(url).content.decode())
    assert 'data-label="Hạng">2<' in row
    assert "Bạn" in row
