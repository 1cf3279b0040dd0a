#!/usr/bin/env python
"""Which WSGI server serves the pages: gunicorn (gthread) or granian's WSGI interface, side by side.

    .venv/bin/python bench/wsgi_servers.py                      # SQLite, 10 s per page and server
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/wsgi_servers.py

The production settings (bench/settings_bench_production.py: config.settings.production plus
the trivial view), one worker process of each server with the same number of threads, on a
throw-away database with the demo contest. For each round, each page and each server in turn
(alternating, so that the machine's other load falls on both alike): `wrk -t2 -c16 -d<s>s`.
Prints one Markdown row per page and server: requests a second (median of the rounds), p50
and p99 latency, non-2xx answers.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = {"trivial view": "/bench/trivial/", "home page": "/"}


def commands(port: int, threads: int) -> dict[str, list[str]]:
    app = "config.wsgi:application"
    return {
        "gunicorn": [
            str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "1",
            "--threads", str(threads), "--bind", f"127.0.0.1:{port}", app,
        ],
        "granian": [
            str(BIN / "granian"), "--interface", "wsgi", "--workers", "1",
            "--blocking-threads", str(threads), "--host", "127.0.0.1", "--port", str(port),
            "--no-access-log", app,
        ],
    }  # fmt: skip


def wait_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page, server and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="threads of each server's worker")
    parser.add_argument("--port", type=int, default=8650, help="both servers, one at a time")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wsgi-servers-", dir="/tmp"))
    port = args.port
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings_bench_production",
        SECRET_KEY=secrets.token_urlsafe(40),
        SITE_BASE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback, as `make serve-scaled`
        SECURE_COOKIES="0",
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        BENCH_STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_demo"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    base = f"http://127.0.0.1:{port}"
    results: dict[tuple[str, str], list[dict]] = {}
    servers = commands(port, args.threads)
    for _round in range(args.rounds):
        for name, command in servers.items():
            log = workdir / f"{name}.log"
            with open(log, "ab") as out:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
            try:
                wait_up(base, process, log)
                for label, path in PAGES.items():
                    wrk(base + path, 2)  # warm-up
                    results.setdefault((label, name), []).append(wrk(base + path, args.seconds))
            finally:
                process.terminate()
                process.wait(timeout=30)
    print(f"threads {args.threads}; wrk -t2 -c16 -d{args.seconds}s; {args.rounds} rounds")
    for name, command in servers.items():
        shown = " ".join([Path(command[0]).name, *command[1:]])
        print(f"- {name}: `{shown}`")
    print("\n| page | server | req/s (each round) | p50 ms | p99 ms | non-2xx |")
    print("|---|---|---:|---:|---:|---:|")
    for (label, name), runs in results.items():
        rps = " / ".join(f"{r['rps']:.0f}" for r in runs)
        median = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        non_2xx = sum(r["non_2xx"] for r in runs)
        print(
            f"| {label} | {name} | **{median:.0f}** ({rps}) | {p50:.1f} | {p99:.1f} | {non_2xx} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
