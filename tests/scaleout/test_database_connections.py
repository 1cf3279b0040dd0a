"""A worker on PostgreSQL gives its connections back (bench/soak.py found three workers holding
PostgreSQL's 100 connections: under ASGI each request runs in a new thread, and with
persistent connections each thread's connection stayed open after its request)."""

import os
import urllib.request

import psycopg
import pytest

from tests.deploy.tools import scratch_databases
from tests.servers import ROOT, Daphne, manage, server_env

pytestmark = pytest.mark.scaleout
REQUESTS = 30


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


def test_a_worker_with_the_documented_environment_does_not_keep_a_connection_per_request(
    tmp_path,
):
    admin_url = os.environ["DATABASE_URL"]
    with scratch_databases() as make:
        database_url = make()
        env = server_env(
            DATABASE_URL=database_url,
            DB_CONN_MAX_AGE=documented_environment()["DB_CONN_MAX_AGE"],
            MEDIA_ROOT=str(tmp_path / "media"),
        )
        manage(env, "migrate", "--noinput")
        server = Daphne(env, tmp_path / "daphne.log")
        try:
            for _ in range(REQUESTS):  # the home page reads the contests: one query or more
                with urllib.request.urlopen(server.url + "/", timeout=30) as response:
                    assert response.status == 200
            # One request at a time needs one connection; a few more may be closing.
            assert connections_to(admin_url, database_url) <= 3
        finally:
            server.stop()
