import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from quizzes.live import Collector

ROOT = Path(__file__).resolve().parents[2]


class Cycle:
    def __init__(self):
        self.me = self


@pytest.fixture
def collector(monkeypatch):
    monkeypatch.setattr(Collector, "FREEZE_AFTER_JOINS", 3)
    monkeypatch.setattr(Collector, "SWEEP_AFTER_LEAVES", 5)
    gc.unfreeze()
    yield Collector()
    gc.unfreeze()


def test_objects_alive_after_enough_joins_are_frozen_out_of_full_collections(collector):
    collector.joined = 2
    collector.after_broadcast()
    assert gc.get_freeze_count() == 0
    collector.joined = 3
    collector.after_broadcast()
    assert gc.get_freeze_count() > 0
    assert collector.joined == 0


def test_garbage_frozen_with_departed_viewers_is_collected_once_enough_have_left(collector):
    garbage = Cycle()
    gone = weakref.ref(garbage)
    collector.joined = 3
    collector.after_broadcast()  # freezes the cycle while it is still alive
    del garbage
    gc.collect()
    assert gone() is not None, "frozen objects are not collected"

    collector.left = 4
    collector.after_broadcast()
    assert gone() is not None
    collector.left = 5
    collector.after_broadcast()
    assert gone() is None
    assert (collector.joined, collector.left) == (0, 0)


def test_the_last_viewer_leaving_sweeps_once_enough_have_come_and_gone(collector):
    garbage = Cycle()
    gone = weakref.ref(garbage)
    collector.joined = 3
    collector.after_broadcast()
    del garbage
    collector.left = 2
    collector.after_broadcast(viewers_left=False)
    assert gone() is not None, "a few departures wait for later"
    collector.left = 3
    collector.after_broadcast(viewers_left=False)
    assert gone() is None


def test_what_start_up_loaded_is_frozen_out_of_full_collections(collector):
    kept = Cycle()
    collector.after_startup()
    assert gc.get_freeze_count() > 0
    assert kept.me is kept


def test_the_server_process_freezes_what_its_start_up_loaded():
    script = (
        "import gc, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'; "
        "import config.asgi; print(gc.get_freeze_count())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 10_000, "settings, apps, models and URLs are frozen"
