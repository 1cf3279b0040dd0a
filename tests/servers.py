"""Real servers on loopback (daphne, and granian for the WSGI workers), for browser and
multi-process tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.base", SECRET_KEY="tests-only")
    env.update(overrides)
    return env


def manage(env: dict, *args: str) -> str:
    """Run a management command with the server's environment; its standard output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


class Daphne:
    """One daphne process serving config.asgi (`make run`'s server); `url` once it answers
    /healthz."""

    def __init__(self, env: dict, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 (open for the server's life)
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def command(self) -> list[str]:
        daphne = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)]
        return [*daphne, "config.asgi:application"]

    def _wait(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(self.log_path.read_text()) from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                # SIGTERM while a response is in flight: daphne cancels the request, and
                # a2wsgi's thread, waiting without a timeout on the stopped event loop, keeps
                # the interpreter from exiting (seen once under load). systemd's stop timeout
                # does the same in production.
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class Wsgi(Daphne):
    """One WSGI worker as production runs it (deploy/systemd/cchc-wsgi@.service): granian
    serving config.wsgi."""

    def command(self) -> list[str]:
        return [
            str(Path(sys.executable).parent / "granian"), "--interface", "wsgi",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
            "--blocking-threads", "4", "--no-access-log", "config.wsgi:application",
        ]  # fmt: skip
