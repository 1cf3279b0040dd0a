"""PostgreSQL databases made beside the test database and dropped afterwards."""

import os
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg


@contextmanager
def scratch_databases():
    """Yield make(): each call creates a database and returns its URL."""
    admin_url = os.environ["DATABASE_URL"]
    made = []

    def make() -> str:
        name = f"cchc_scratch_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))

    try:
        yield make
    finally:
        with psycopg.connect(admin_url, autocommit=True) as db:
            for name in made:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
