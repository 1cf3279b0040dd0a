"""Backups of the running site's database, and restores (manage.py backup_db / restore_db).

SQLite: the online backup API copies one consistent snapshot while workers go on writing
(WAL readers never block them); the copy is a single self-contained file. PostgreSQL:
pg_dump's custom format, restored with pg_restore in one transaction. Either way a restore
first saves the database it replaces, so a wrong file costs nothing. docs/backups.md.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


class BackupError(Exception):
    pass


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _is_sqlite(alias: str) -> bool:
    return connections[alias].vendor == "sqlite"


def backup_path(destination: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """`destination` itself, or a timestamped file in it when it is a directory."""
    if not destination.is_dir():
        return destination
    suffix = "sqlite3" if _is_sqlite(alias) else "dump"
    return destination / f"cchc-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"


def backup_database(destination: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a consistent copy of the live database to `destination` (file or directory).

    The copy is written beside its final name and renamed into place, so a backup that
    fails half-way never leaves a file that looks complete. An existing file is refused.
    """
    target = backup_path(destination, alias=alias)
    if target.exists():
        raise BackupError(f"{target} already exists: choose another name or a directory.")
    if not target.parent.is_dir():
        raise BackupError(f"No such directory: {target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    # Backups hold personal data (phones, CCCD): readable by the site's user only.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        if _is_sqlite(alias):
            _sqlite_backup(Path(_settings(alias)["NAME"]), partial)
        else:
            _pg_dump(_settings(alias), partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_database(source: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Path | None:
    """Replace the database with the backup `source`; return where the old one was saved.

    The backup is checked before anything is touched, and the database it replaces is
    saved first (beside an SQLite database, beside `source` for PostgreSQL). Stop the site
    first: running workers keep caches (live boards) of the data being replaced.
    """
    if not source.is_file():
        raise BackupError(f"No such file: {source}")
    sqlite = _is_sqlite(alias)
    (_sqlite_check if sqlite else _pg_check)(source)
    database = Path(_settings(alias)["NAME"]) if sqlite else None
    saved = None
    if not sqlite or (database.exists() and database.stat().st_size):
        folder = database.parent if sqlite else source.resolve().parent
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        saved = backup_database(
            folder / f"before-restore-{stamp}.{'sqlite3' if sqlite else 'dump'}", alias=alias
        )
    if sqlite:
        connections[alias].close()
        _sqlite_copy(source, database)
    else:
        _pg_replace(alias, source)
    return saved


# --- SQLite ------------------------------------------------------------------------------
def _sqlite_copy(source: Path, target: Path) -> None:
    """Page-by-page copy under SQLite's locks: a consistent snapshot of a live source."""
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as src,
        closing(sqlite3.connect(target, timeout=30)) as dst,
    ):
        src.backup(dst)  # all pages in one step: one read transaction, never restarted


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"No such database: {database}")
    _sqlite_copy(database, target)
    # A standalone file: no -wal beside it needed to read it back.
    with closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")
    _sqlite_check(target, of_this_site=False)


def _sqlite_check(path: Path, *, of_this_site: bool = True) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            has_migrations = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
            ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from None
    if result != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")
    if of_this_site and not has_migrations:
        raise BackupError(f"{path} is not a backup of this site (no django_migrations table).")


# --- PostgreSQL ----------------------------------------------------------------------------
def _pg_env(settings: dict) -> dict:
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if not tool:
        raise BackupError(
            f"{name} is missing: apt-get install postgresql-client (same major version "
            "as the server or newer)."
        )
    return tool


def _pg_run(settings: dict, command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_env(settings), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _pg_dump(settings: dict, target: Path) -> None:
    _pg_run(settings, [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(target)])


def _pg_check(path: Path) -> None:
    done = subprocess.run([_pg_tool("pg_restore"), "--list", str(path)], capture_output=True)
    if done.returncode or b"django_migrations" not in done.stdout:
        raise BackupError(f"{path} is not a pg_dump backup of this site.")


def other_sessions(*, alias: str = DEFAULT_DB_ALIAS) -> int:
    """Other connections to the same PostgreSQL database (a running site holds some)."""
    if _is_sqlite(alias):
        return 0
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
            # this process's other pooled connections (config/settings/base.py)
            " AND application_name <> current_setting('application_name')"
        )
        return cursor.fetchone()[0]


def _pg_replace(alias: str, source: Path) -> None:
    """An empty schema, then the backup in one transaction: no table of a newer version stays."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()
    _pg_run(
        _settings(alias),
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            _settings(alias)["NAME"],
            str(source),
        ],
    )
