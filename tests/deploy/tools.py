"""Helpers of the deployment tests: Debian's nginx, and scratch PostgreSQL databases."""

import os
import shutil
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest


def nginx() -> str:
    """nginx's path; without it the test skips here and fails in CI (.ci/run installs it)."""
    path = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if path:
        return path
    message = "nginx is missing: apt-get install nginx"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def scratch_databases():
    """Yield make(): each call creates a PostgreSQL database beside the test database and
    returns its URL; they are dropped afterwards."""
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
