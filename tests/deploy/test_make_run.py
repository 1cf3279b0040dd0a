"""`make run` as a small unit runs it: what the Makefile starts, and what that site answers.

The Makefile runs with a stand-in virtualenv whose python and daphne only write down the
environment they were started with; the real site is then served with that environment.
"""

import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import ROOT, Daphne, free_port, manage

RECORDER = """#!{python}
import json, os, sys
with open({log!r}, "a") as log:
    log.write(json.dumps({{"argv": sys.argv, "env": dict(os.environ)}}) + "\\n")
"""


def make_env(tmp_path, target: str, port: int, **extra) -> dict:
    """The environment `make <target>` gives daphne (its last command)."""
    folder = Path(tempfile.mkdtemp(prefix=f"make-{target}-", dir=tmp_path))
    venv, log = folder / "venv", folder / "commands.jsonl"
    (venv / "bin").mkdir(parents=True)
    for name in ("python", "daphne"):
        program = venv / "bin" / name
        program.write_text(RECORDER.format(python=sys.executable, log=str(log)))
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    installed = venv / ".installed"
    installed.touch()
    later = time.time() + 3600  # newer than requirements.txt: no pip install
    os.utime(installed, (later, later))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MAKE", "MFLAGS")) and k not in {"SECRET_KEY"}
    }
    env.pop("SITE_BASE_URL", None)
    env.update(extra)
    subprocess.run(
        ["make", "-s", target, f"VENV={venv}", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    runs = [json.loads(line) for line in log.read_text().splitlines()]
    daphne = [run for run in runs if run["argv"][0].endswith("daphne")]
    assert daphne and daphne[-1]["argv"][-1] == "config.asgi:application"
    return daphne[-1]["env"]


def settings_value(env: dict, name: str):
    """A setting as the processes make started see it (manage.py's and asgi.py's default)."""
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.base", **env}
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        f" print(json.dumps(settings.{name}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(out.stdout)


def test_make_run_serves_with_debug_off_and_make_dev_with_debug_on(tmp_path):
    port = free_port()
    assert settings_value(make_env(tmp_path, "run", port), "DEBUG") is False
    assert settings_value(make_env(tmp_path, "dev", port), "DEBUG") is True
    # DJANGO_DEBUG=1 make run is development too.
    assert settings_value(make_env(tmp_path, "run", port, DJANGO_DEBUG="1"), "DEBUG") is True


def request(url, data=None, **headers):
    headers.setdefault("Accept-Language", "en")
    try:
        return urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=headers), timeout=10
        )
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture(scope="module")
def embedded_site(tmp_path_factory):
    """The site `make run` serves, on its own SQLite file, static and media folders."""
    folder = tmp_path_factory.mktemp("embedded")
    daphne_port = free_port()
    env = make_env(folder, "run", daphne_port)
    env.update(
        SQLITE_PATH=str(folder / "db.sqlite3"),
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
    )
    (folder / "media" / "gallery").mkdir(parents=True)
    (folder / "media" / "gallery" / ("a" * 32 + "-400.webp")).write_bytes(b"RIFF....WEBP")
    (folder / "media" / "notice.pdf").write_bytes(b"%PDF-1.4 notice")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        manage(env, *command)
    worker = Daphne(env, folder / "daphne.log")  # on a port of its own
    worker.site_port = daphne_port  # the PORT make was given, in SITE_BASE_URL
    yield worker
    worker.stop()


def test_errors_are_the_sites_pages_not_technical_ones(embedded_site):
    response = request(embedded_site.url + "/khong-co-trang-nay/")
    body = response.read().decode()
    assert response.status == 404
    assert "URLconf" not in body and "Traceback" not in body


def test_an_oversized_post_gets_the_documented_413_page(embedded_site):
    page = request(embedded_site.url + "/accounts/login/")
    cookie = next(c for c in page.headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    form = f"csrfmiddlewaretoken={token}&login=a%40b.vn&password=".encode() + b"x" * 3_000_000
    response = request(
        embedded_site.url + "/accounts/login/",
        data=form,
        **{"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={token}"},
    )
    body = response.read().decode()
    assert response.status == 413
    assert "Too much sent at once" in body and "Nothing was saved." in body


def test_pages_carry_the_content_security_policy_with_the_sites_websocket(embedded_site):
    response = request(embedded_site.url + "/")
    assert response.status == 200
    header = response.headers["Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert policy["script-src"] == "'self'"
    port = embedded_site.site_port
    assert f"ws://127.0.0.1:{port}" in policy["connect-src"].split()
    assert f"ws://localhost:{port}" in policy["connect-src"].split()
    assert "unsafe-inline" not in header


def test_static_files_come_from_whitenoises_manifest(embedded_site):
    html = request(embedded_site.url + "/").read().decode()
    start = html.index("/static/css/")
    stylesheet = html[start : html.index('"', start)]
    assert stylesheet.count(".") >= 2  # hashed name: css/site.<hash>.css
    assert request(embedded_site.url + stylesheet).status == 200


def test_media_are_served_but_poster_renditions_only_through_the_checking_view(embedded_site):
    notice = request(embedded_site.url + "/media/notice.pdf")
    assert notice.status == 200 and notice.headers["X-Content-Type-Options"] == "nosniff"
    rendition = request(embedded_site.url + "/media/gallery/" + "a" * 32 + "-400.webp")
    assert rendition.status == 404
