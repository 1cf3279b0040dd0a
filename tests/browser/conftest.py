"""A real daphne server (HTTP and websockets) and Debian's Chromium driven by Playwright."""

import email
import email.policy
import os
import time
from pathlib import Path

import pytest

from tests.servers import Daphne, manage, server_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class LiveServer:
    def __init__(self, url: str, mail_dir: Path, env: dict):
        self.url = url
        self.mail_dir = mail_dir
        self.env = env  # the server's environment: manage(site_server.env, ...) reads its data

    def mail_to(self, address: str, timeout: float = 10) -> email.message.EmailMessage:
        """The newest message sent to `address`, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            paths = sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime)
            for path in reversed(paths):
                # The file backend separates messages with a line of dashes.
                for raw in reversed(path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")):
                    message = email.message_from_bytes(raw.strip(), policy=email.policy.default)
                    if message["To"] == address:
                        return message
            time.sleep(0.2)
        raise AssertionError(f"no email to {address} within {timeout} s")


@pytest.fixture(scope="session")
def site_server(tmp_path_factory):
    """daphne on a free loopback port, on its own SQLite file with the demo contest loaded."""
    workdir = tmp_path_factory.mktemp("live")
    env = server_env(
        DJANGO_DEBUG="1",
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        EMAIL_FILE_PATH=str(workdir / "mail"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    server = Daphne(env, workdir / "daphne.log")
    yield LiveServer(server.url, workdir / "mail", env)
    server.stop()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Module scope: Playwright's event loop must be gone before ORM tests run in this process.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A 390x844 phone with Vietnamese as its language."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
