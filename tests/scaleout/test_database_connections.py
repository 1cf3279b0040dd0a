"""A worker on PostgreSQL holds a bounded pool of connections (bench/soak.py found three workers
running PostgreSQL out of connections: under ASGI each request runs in a new thread, so
persistent connections piled up, and without them each request in flight held one)."""

import os
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.deploy.tools import scratch_databases
from tests.servers import ROOT, Daphne, manage, server_env

pytestmark = pytest.mark.scaleout
REQUESTS = 40
POOL_SIZE = 3


def documented_environment() -> dict[str, str]:
    """NAME=value lines of deploy/cchc.env.example (what docs/deploy.md has IT staff copy)."""
    pairs = {}
    for line in (ROOT / "deploy" / "cchc.env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            pairs[name] = value
    return pairs


def connections_to(admin_url: str, database_url: str) -> int:
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url) as db:
        return db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchone()[0]


def test_the_documented_environment_sets_a_bounded_pool():
    pairs = documented_environment()
    assert 1 <= int(pairs["DB_POOL_SIZE"]) <= 20
    assert float(pairs["DB_POOL_TIMEOUT"]) > 0
    assert "DB_CONN_MAX_AGE" not in pairs


def test_concurrent_requests_share_the_pool_and_wait_for_a_connection_instead_of_failing(tmp_path):
    admin_url = os.environ["DATABASE_URL"]
    with scratch_databases() as make:
        database_url = make()
        env = server_env(
            DATABASE_URL=database_url,
            DB_POOL_SIZE=str(POOL_SIZE),
            DB_POOL_TIMEOUT=documented_environment()["DB_POOL_TIMEOUT"],
            MEDIA_ROOT=str(tmp_path / "media"),
        )
        manage(env, "migrate", "--noinput")
        server = Daphne(env, tmp_path / "daphne.log")
        try:

            def home(_):  # the home page reads the contests: one query or more
                with urllib.request.urlopen(server.url + "/", timeout=30) as response:
                    return response.status

            peak, done = [0], threading.Event()

            def watch():
                while not done.is_set():
                    peak[0] = max(peak[0], connections_to(admin_url, database_url))

            watcher = threading.Thread(target=watch)
            watcher.start()
            try:
                with ThreadPoolExecutor(max_workers=20) as pool:
                    statuses = list(pool.map(home, range(REQUESTS)))
            finally:
                done.set()
                watcher.join()
            assert statuses == [200] * REQUESTS
            # Twenty at a time, one pool: never more connections than its size.
            assert 1 <= peak[0] <= POOL_SIZE
        finally:
            server.stop()
