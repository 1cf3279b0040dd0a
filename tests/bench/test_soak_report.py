"""bench/soak.py's account of a worker kill: a run whose killed worker never returns must not
report every viewer as back within 5 s of a return that did not happen."""

import math

from bench.soak_viewers import viewer_results

KILL = 100.0
FINAL = {"finished": 1}


def viewer_cut_off_by_the_kill(board_again_at: float) -> list:
    # [id, first board, ..., ended, ..., last board, sessions (opened, board, ended, why)]
    sessions = [
        (10.0, 11.0, KILL + 0.2, "connection lost"),
        (KILL + 3.0, board_again_at, None, None),
    ]
    return [0, 11.0, None, [], None, None, FINAL, sessions]


def test_viewers_count_as_back_only_when_the_workers_came_back():
    viewers = [viewer_cut_off_by_the_kill(KILL + 4.0)]

    kill = viewer_results(viewers, FINAL, {"kill": KILL})["kill"]

    assert kill["dropped"] == 1
    assert kill["board_again"] == 1
    assert kill["workers_back"] is False
    assert kill["within_5s_of_back"] == 0
    assert math.isnan(kill["after_back_max"])


def test_a_viewer_back_within_five_seconds_of_the_workers_return_is_counted():
    viewers = [viewer_cut_off_by_the_kill(KILL + 9.0)]

    kill = viewer_results(viewers, FINAL, {"kill": KILL, "back": KILL + 6.0})["kill"]

    assert kill["workers_back"] is True
    assert kill["within_5s_of_back"] == 1
    assert kill["after_back_max"] == 3.0
