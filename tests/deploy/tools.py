"""Helpers of the deployment tests: Debian's nginx, and scratch PostgreSQL databases."""

import os
import re
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.servers import ROOT


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


HOST = "cuocthi.example.gov.vn"


def production_nginx(
    folder: Path, *, http_port: int, https_port: int, wsgi: list[int], daphne: list[int]
) -> Path:
    """deploy/nginx/cchc.conf as docs/deploy.md installs it, moved into `folder`: the checkout's
    files, STATIC_ROOT and MEDIA_ROOT under `folder`, a self-signed certificate, these ports,
    WSGI workers and daphne workers. Returns the nginx.conf to start it with
    (nginx -p folder -c ...)."""
    certs = folder / "certs"
    certs.mkdir(exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", certs / "privkey.pem", "-out", certs / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (ROOT / "deploy" / "nginx" / "cchc.conf").read_text()
    for name, ports in (("cchc_wsgi", wsgi), ("cchc_daphne", daphne)):
        servers = "".join(f"    server 127.0.0.1:{port} max_fails=0;\n" for port in ports)
        pattern = rf"(upstream {name} {{\n)(    server 127\.0\.0\.1:\d+ [^\n]*\n)+"
        site, count = re.subn(
            pattern, lambda match, servers=servers: match.group(1) + servers, site
        )
        assert count == 1, name
    for production, here in [
        ("/srv/cchc/app", str(ROOT)),
        ("/srv/cchc", str(folder)),
        (f"/etc/letsencrypt/live/{HOST}", str(certs)),
        ("/var/log/nginx", str(folder)),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
    ]:
        assert production in site, production
        site = site.replace(production, here)
    (folder / "site.conf").write_text(site)
    temp_paths = "".join(
        f"{kind}_temp_path {folder}/{kind}; "
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root root;" if os.getuid() == 0 else ""  # workers stay this user
    conf = folder / "nginx.conf"
    conf.write_text(
        f"daemon off; {user} pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; {temp_paths} include {folder}/site.conf; }}\n"
    )
    return conf
