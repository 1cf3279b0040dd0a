import ssl
import subprocess
import time
import urllib.request
from dataclasses import dataclass

import pytest

from tests.deploy.tools import nginx, production_nginx
from tests.servers import Daphne, Wsgi, free_port, manage, server_env


def production_env(folder, **overrides) -> dict:
    """The production profile as docs/deploy.md sets it up, on an SQLite file in `folder`."""
    settings = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "production-profile-tests-" + "k" * 40,
        "SITE_BASE_URL": "https://cuocthi.example.gov.vn",
        "ALLOWED_HOSTS": "127.0.0.1,cuocthi.example.gov.vn",
        "EMAIL_HOST": "smtp.example.gov.vn",
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    return server_env(**{**settings, **overrides})


@dataclass
class Site:
    url: str  # https://127.0.0.1:PORT, through nginx
    http_url: str  # nginx's plain-HTTP server
    worker_url: str  # the WSGI worker itself, as nginx and local probes reach it
    daphne_url: str  # the daphne worker (websockets), likewise


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2, context=ssl._create_unverified_context())
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """The demo contest as docs/deploy.md installs it: deploy/nginx/cchc.conf on HTTPS (a
    self-signed certificate) in front of a WSGI worker (granian) and a daphne worker, both
    with config.settings.production."""
    binary = nginx()
    folder = tmp_path_factory.mktemp("site")
    https_port, http_port = free_port(), free_port()
    env = production_env(folder, SITE_BASE_URL=f"https://127.0.0.1:{https_port}")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_demo"]):
        manage(env, *command)
    worker = Wsgi(env, folder / "wsgi.log")
    sockets = Daphne(env, folder / "daphne.log")
    conf = production_nginx(
        folder, http_port=http_port, https_port=https_port, wsgi=[worker.port],
        daphne=[sockets.port],
    )  # fmt: skip
    log = open(folder / "nginx.log", "wb")  # noqa: SIM115 (the server's life)
    proxy = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT
    )
    site = Site(
        url=f"https://127.0.0.1:{https_port}",
        http_url=f"http://127.0.0.1:{http_port}",
        worker_url=worker.url,
        daphne_url=sockets.url,
    )
    deadline = time.monotonic() + 20
    while not _answers(site.url + "/healthz"):
        if proxy.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            sockets.stop()
            pytest.fail((folder / "error.log").read_text())
        time.sleep(0.2)
    yield site
    proxy.terminate()
    proxy.wait(timeout=10)
    log.close()
    worker.stop()
    sockets.stop()
