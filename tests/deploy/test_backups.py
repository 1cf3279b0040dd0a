"""backup_db / restore_db on the embedded SQLite database, while the site writes to it."""

import sqlite3
import subprocess
import sys
import threading
from contextlib import closing

import pytest

from tests.servers import ROOT, manage, server_env


def run(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def rows(path):
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT session_key, session_data FROM django_session ORDER BY 1"
        ).fetchall()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A migrated SQLite database in WAL mode with 20,000 sessions, as a running site has."""
    folder = tmp_path_factory.mktemp("backup")
    path = folder / "live.sqlite3"
    manage(server_env(SQLITE_PATH=str(path)), "migrate", "--noinput")
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany(
            "INSERT INTO django_session VALUES (?, ?, '2030-01-01')",
            ((f"seed-{i:06}", "x" * 200) for i in range(20_000)),
        )
    return path


def test_a_backup_taken_while_another_process_writes_is_one_consistent_snapshot(live, tmp_path):
    stop = threading.Event()
    written = []

    def writer():
        # Each transaction writes a pair: a backup holding one half of a pair would be torn.
        with closing(sqlite3.connect(live, timeout=30)) as db:
            i = 0
            while not stop.is_set():
                with db:
                    db.execute(
                        "INSERT INTO django_session VALUES (?, 'a', '2030-01-01')", (f"a-{i:06}",)
                    )
                    db.execute(
                        "INSERT INTO django_session VALUES (?, 'b', '2030-01-01')", (f"b-{i:06}",)
                    )
                written.append(i)
                i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        done = run(server_env(SQLITE_PATH=str(live)), "backup_db", str(tmp_path))
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    (backup,) = tmp_path.glob("cchc-*.sqlite3")
    assert "Backup written" in done.stdout
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob(".*partial"))

    copied = dict(rows(backup))
    pairs_a = sorted(k for k in copied if k.startswith("a-"))
    pairs_b = sorted(k for k in copied if k.startswith("b-"))
    assert [k[2:] for k in pairs_a] == [k[2:] for k in pairs_b]  # no torn transaction
    # A prefix of what the writer committed, with no gap: one moment in time.
    assert [int(k[2:]) for k in pairs_a] == list(range(len(pairs_a)))
    assert 0 < len(pairs_a) < len(written)  # the writer went on before and after the copy
    assert sum(k.startswith("seed-") for k in copied) == 20_000
    with closing(sqlite3.connect(backup)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert backup.stat().st_mode & 0o777 == 0o600  # personal data: the site's user only


def test_restore_into_a_fresh_path_gives_back_the_same_data(live, tmp_path):
    backup = tmp_path / "nightly.sqlite3"
    assert run(server_env(SQLITE_PATH=str(live)), "backup_db", str(backup)).returncode == 0
    fresh = tmp_path / "fresh" / "db.sqlite3"
    fresh.parent.mkdir()

    done = run(server_env(SQLITE_PATH=str(fresh)), "restore_db", str(backup), "--yes")

    assert done.returncode == 0, done.stderr
    assert rows(fresh) == rows(backup) == rows(live)
    # The site starts on it: Django sees every migration applied.
    check = run(server_env(SQLITE_PATH=str(fresh)), "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_restore_saves_the_database_it_replaces(live, tmp_path):
    backup = tmp_path / "old.sqlite3"
    run(server_env(SQLITE_PATH=str(live)), "backup_db", str(backup))
    current = tmp_path / "site" / "db.sqlite3"
    current.parent.mkdir()
    manage(server_env(SQLITE_PATH=str(current)), "migrate", "--noinput")
    with closing(sqlite3.connect(current)) as db, db:
        db.execute("INSERT INTO django_session VALUES ('typed-today', 'keep', '2030-01-01')")

    done = run(server_env(SQLITE_PATH=str(current)), "restore_db", str(backup), "--yes")

    assert done.returncode == 0, done.stderr
    (saved,) = current.parent.glob("before-restore-*.sqlite3")
    assert str(saved) in done.stdout
    assert ("typed-today", "keep") in rows(saved)
    assert ("typed-today", "keep") not in rows(current)


def test_restore_without_yes_says_what_it_would_overwrite_and_changes_nothing(live, tmp_path):
    before = rows(live)
    done = run(
        server_env(SQLITE_PATH=str(live)),
        "restore_db",
        str(live),
    )
    assert done.returncode != 0
    assert "replaces everything" in done.stderr and str(live) in done.stderr
    assert rows(live) == before


def test_a_file_that_is_not_a_backup_is_refused_before_anything_changes(live, tmp_path):
    before = rows(live)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    for path, message in [(junk, "not a readable SQLite database"), (empty, "not a backup")]:
        done = run(server_env(SQLITE_PATH=str(live)), "restore_db", str(path), "--yes")
        assert done.returncode != 0 and message in done.stderr
    assert rows(live) == before
    assert not list(live.parent.glob("before-restore-*"))


def test_a_backup_never_overwrites_an_existing_file(live, tmp_path):
    existing = tmp_path / "monday.sqlite3"
    existing.write_text("keep me")
    done = run(server_env(SQLITE_PATH=str(live)), "backup_db", str(existing))
    assert done.returncode != 0 and "already exists" in done.stderr
    assert existing.read_text() == "keep me"
