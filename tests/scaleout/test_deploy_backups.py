"""backup_db / restore_db on PostgreSQL (pg_dump -Fc, pg_restore), on scratch databases."""

import os
import shutil
import subprocess
import sys

import psycopg
import pytest

from tests.deploy.tools import scratch_databases
from tests.servers import ROOT, manage, server_env

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump/pg_restore are missing"),
]


def run(url, *args):
    env = server_env(DATABASE_URL=url, REDIS_URL=os.environ["REDIS_URL"])
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture
def scratch_database():
    with scratch_databases() as make:
        yield make


def sessions(url):
    with psycopg.connect(url) as db:
        return db.execute(
            "SELECT session_key, session_data FROM django_session ORDER BY 1"
        ).fetchall()


def test_a_pg_dump_backup_restores_into_another_database_with_the_same_rows(
    scratch_database, tmp_path
):
    live, fresh = scratch_database(), scratch_database()
    manage(server_env(DATABASE_URL=live), "migrate", "--noinput")
    with psycopg.connect(live) as db:
        for i in range(500):
            db.execute(
                "INSERT INTO django_session VALUES (%s, %s, '2030-01-01')",
                (f"k{i:04}", f"Đà Lạt {i}"),
            )

    done = run(live, "backup_db", str(tmp_path))
    assert done.returncode == 0, done.stderr
    (backup,) = tmp_path.glob("cchc-*.dump")
    assert backup.stat().st_mode & 0o777 == 0o600

    refused = run(fresh, "restore_db", str(backup))
    assert refused.returncode != 0 and "--yes" in refused.stderr

    done = run(fresh, "restore_db", str(backup), "--yes")
    assert done.returncode == 0, done.stderr
    assert sessions(fresh) == sessions(live)
    assert len(sessions(fresh)) == 500
    check = run(fresh, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_restore_replaces_tables_the_backup_does_not_have_and_keeps_the_old_database(
    scratch_database, tmp_path
):
    live, current = scratch_database(), scratch_database()
    manage(server_env(DATABASE_URL=live), "migrate", "--noinput")
    assert run(live, "backup_db", str(tmp_path / "old.dump")).returncode == 0
    manage(server_env(DATABASE_URL=current), "migrate", "--noinput")
    with psycopg.connect(current) as db:
        db.execute("CREATE TABLE left_over (id int)")
        db.execute("INSERT INTO django_session VALUES ('typed-today', 'keep', '2030-01-01')")

    done = run(current, "restore_db", str(tmp_path / "old.dump"), "--yes")

    assert done.returncode == 0, done.stderr
    with psycopg.connect(current) as db:
        assert db.execute("SELECT to_regclass('left_over')").fetchone()[0] is None
    assert ("typed-today", "keep") not in sessions(current)
    (saved,) = tmp_path.glob("before-restore-*.dump")
    assert str(saved) in done.stdout


def test_restore_refuses_while_the_site_holds_connections(scratch_database, tmp_path):
    live = scratch_database()
    manage(server_env(DATABASE_URL=live), "migrate", "--noinput")
    assert run(live, "backup_db", str(tmp_path / "b.dump")).returncode == 0
    with psycopg.connect(live) as worker:  # what a running daphne worker holds
        worker.execute("SELECT 1")
        done = run(live, "restore_db", str(tmp_path / "b.dump"), "--yes")
    assert done.returncode != 0
    assert "other connection" in done.stderr and "--force" in done.stderr
