#!/usr/bin/env python
"""Soak test: participants and board viewers through nginx while a worker dies and Redis restarts.

    .venv/bin/python bench/soak.py                        # 1,000 participants, 2,000 viewers
    .venv/bin/python bench/soak.py --quick                # smoke run: 100 and 200, ~2 min
    .venv/bin/python bench/soak.py --topology embedded    # the same shape on one daphne + SQLite
    .venv/bin/python bench/soak.py --participants 2000    # twice the crowd: the margin

What it does (see bench/README.md and docs/reliability.md):
1. Set-up, in this process, with bench/quiz_db.py: a fresh database -- PostgreSQL `soak`
   (created here, dropped at the end) for the scaled topology, a SQLite file for the embedded
   one -- with N users, profiles, logged-in sessions and one open round of 20 questions
   (one attempt each, prediction asked).
2. Servers. scaled: a redis-server of its own on a free port (never the machine's: it is
   restarted below) and deploy/serve-scaled.sh (nginx sending pages to --wsgi-workers granian
   processes and /ws/ to --daphne-workers daphne processes, with the production settings, the
   sweep, a supervisor that restarts a dead worker of either kind).
   embedded: one daphne on SQLite with the in-memory channel layer, as `make run` serves it.
3. Load, at a person's pace: --viewers websocket viewers (bench/board_viewers.py processes,
   reconnecting like static/js/board.js) watch the round's board; N participants arrive over
   --ramp seconds and each starts, loads the attempt page, saves 20 answers thinking
   --think-min..--think-max seconds before each, loads the review page, saves the prediction,
   finishes and loads the result page. A request that fails is sent again as the pages do
   (static/js/attempt.js: backoff from 1 s doubling to 15 s, Retry-After respected; a form or
   page: the person reloads after the same waits), and what the person saw is kept.
4. Faults (scaled): at --kill-at seconds one WSGI worker and one daphne worker get SIGKILL
   together (the supervisor starts them again); at --redis-at seconds the Redis server is
   stopped, left down --redis-down seconds and started again, empty (it keeps no data, as a
   restarted cache may).
5. Checks, exit 1 when one fails: every acknowledged answer and prediction is in the
   database; every attempt is finished once and scored right (score recomputed from the
   stored answers); nobody has more attempts than allowed; every viewer is connected at the
   end and its last snapshot's counters equal the database's; no response showed a stack
   trace. Reported beside them: errors by endpoint and what the person saw, throughput,
   latency p50/p95/p99 (answer saves also outside the kill window), how fast the viewers cut
   off by the kill had a board again, CPU by component and the load generator's loop lag;
   where a save's p99 goes (client, nginx, worker: nginx's access log) and, per 30 s, the
   saves' p50/p99 beside the generator's lag, to tell which phase of the round a tail is from.

Loopback only; the run is bounded by --max-seconds. --tamper alters three acknowledged facts
in the database before the check (a self-test: the run must then exit 1).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.board_fanout import PG_BASE, Workers, psql  # noqa: E402
from bench.quiz_load import (  # noqa: E402
    ATTEMPT_RE,
    CHOICE_RE,
    SCREEN_RE,
    Ledger,
    Recorder,
    Sample,
    call,
    error_text,
    free_port,
    html_ok,
    json_ok,
    make_session,
    participant_ip,
    percentile,
    stats,
    to_attempt,
    to_result,
)
from bench.soak_measure import CpuSampler, LagWatch  # noqa: E402
from bench.soak_viewers import viewer_results  # noqa: E402

PG_DB = "soak"
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
RETRY_LIMIT = 15.0  # seconds: the longest wait between two tries (static/js/attempt.js)
ORDER = ["start", "page", "answer", "review_page", "prediction", "finish", "result_page"]


# --- What a person does, and sees ----------------------------------------------------------


AUTOSAVE = {"answer", "prediction"}  # saved by static/js/attempt.js, which shows its own text


def what_was_seen(endpoint: str, status: str, location: str, body: bytes) -> str:
    """What the person had on screen instead of what they asked for."""
    if "Traceback" in body.decode(errors="replace") or b'File "/' in body:
        return "STACK TRACE"
    if endpoint in AUTOSAVE and (not status.isdigit() or status == "429" or status >= "500"):
        # attempt.js keeps the answer, says so and sends it again (the body is not shown).
        return f"{retry_text()} [{response_text(status, location, body)}]"
    return response_text(status, location, body)


def retry_text() -> str:
    from django.utils import translation

    with translation.override("vi"):
        return translation.gettext("Not saved yet: no connection. Retrying…")


def response_text(status: str, location: str, body: bytes) -> str:
    if not status.isdigit():
        return f"no response ({status}): the browser's own error"
    if status.startswith("3"):
        return f"sent to {location}"
    text = body.decode(errors="replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return data.get("message") or f"JSON error {data.get('error')!r}"
    title = TITLE_RE.search(text)
    if title:
        return "page: " + " ".join(html.unescape(title.group(1)).split())[:120]
    return " ".join(text.split())[:120] or "(empty body)"


class Person:
    """One participant's browser: tries again after a failure, as the site's pages do."""

    def __init__(self, http, out: dict, deadline: float):
        self.http, self.recorder, self.waits = http, out["recorder"], out["waits"]
        self.seen, self.events, self.deadline = out["seen"], out["events"], deadline

    def when(self) -> str:
        """Which fault, if any, a failure falls in (until 5 s after the fault ended)."""
        now, events = time.monotonic(), self.events
        if "kill" in events and events["kill"] <= now <= events.get("back", now) + 5:
            return "worker kill"
        if (
            "redis_down" in events
            and events["redis_down"] <= now <= events.get("redis_up", now) + 5
        ):
            return "Redis restart"
        return "no fault"

    async def act(self, endpoint: str, method: str, url: str, expect, **kwargs):
        """Send until acknowledged; returns (ok, location, body, tries acknowledged or not)."""
        delay, first, tries = 1.0, time.perf_counter(), []
        while True:
            ok, status, location, body = await call(
                self.http, self.recorder, endpoint, method, url, expect, **kwargs
            )
            tries.append(ok)
            if ok:
                self.waits.setdefault(endpoint, []).append(time.perf_counter() - first)
                return True, location, body, tries
            seen = what_was_seen(endpoint, status, location, body)
            self.seen[(endpoint, self.when(), status, seen)] += 1
            retry_after = 0.0
            if status.isdigit():
                code = int(status)
                if code != 429 and code < 500:
                    return False, location, body, tries  # told why: no point sending again
                try:
                    retry_after = float(json.loads(body).get("retry_after", 0))
                except (ValueError, AttributeError):
                    retry_after = 0.0
            pause = max(retry_after, delay) + random.random() * 0.5
            if time.perf_counter() + pause > self.deadline:
                self.seen[(endpoint, self.when(), "gave up", "run deadline reached")] += 1
                return False, location, body, tries
            await asyncio.sleep(pause)
            delay = min(delay * 2, RETRY_LIMIT)


async def participant(index, user, arrival, *, args, ctx, out, rng, deadline):
    await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
    round_id = ctx["round"]

    async def think(low=None, high=None):
        pause = rng.uniform(low or args.think_min, high or args.think_max)
        if time.perf_counter() + pause > deadline:
            raise TimeoutError("run deadline")
        await asyncio.sleep(pause)

    ip = participant_ip(index, args.per_ip)
    async with make_session(ctx["base"], user, ip, args.timeout) as http:
        person = Person(http, out, deadline)
        csrf = user["csrftoken"]
        ok, location, _b, _t = await person.act(
            "start",
            "POST",
            f"/dot-thi/{round_id}/bat-dau/",
            to_attempt,
            data={"csrfmiddlewaretoken": csrf},
        )
        if not ok:
            return
        token = ATTEMPT_RE.match(location).group(1)
        ledger = out["ledgers"][token] = Ledger(user_id=user["id"], round="soak")
        ok, _l, page, _t = await person.act("page", "GET", location, html_ok)
        keys = {
            int(n): CHOICE_RE.findall(section) for n, section in SCREEN_RE.findall(page.decode())
        }
        if not ok or len(keys) != ctx["questions"]:
            out["seen"][("page", person.when(), "200", "attempt page without its questions")] += 1
            return
        for position in range(1, ctx["questions"] + 1):
            await think()
            choice = rng.choice(keys[position])
            _ok, _l, _b, tries = await person.act(
                "answer",
                "POST",
                f"/bai-thi/{token}/tra-loi/",
                json_ok,
                data={"position": str(position), "choice": choice},
            )
            ledger.answers.setdefault(position, []).extend(((choice,), t) for t in tries)
        await think(0.3, 1.0)
        await person.act("review_page", "GET", f"/bai-thi/{token}/nop-bai/", html_ok)
        await think()
        prediction = rng.randint(0, 500)
        _ok, _l, _b, tries = await person.act(
            "prediction",
            "POST",
            f"/bai-thi/{token}/tra-loi/",
            json_ok,
            data={"prediction": str(prediction)},
        )
        ledger.predictions.extend((prediction, t) for t in tries)
        await think(0.5, 2.0)
        ok, location, _b, tries = await person.act(
            "finish",
            "POST",
            f"/bai-thi/{token}/nop-bai/",
            to_result,
            data={"csrfmiddlewaretoken": csrf, "prediction": str(prediction)},
        )
        ledger.predictions.extend((prediction, t) for t in tries)
        ledger.finished_ack = ok
        if ok:
            out["finished_at"].append(time.monotonic())
            await person.act("result_page", "GET", location, html_ok)


# --- Faults ----------------------------------------------------------------------------------


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


async def kill_worker(ctx, at: float, events: dict) -> None:
    """SIGKILL the first WSGI worker and the first daphne worker at `at` (monotonic); note
    when the supervisor's new ones both serve."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    victims = {
        ctx["run_dir"] / f"wsgi-{ctx['wsgi_port']}.pid": ctx["wsgi_port"],
        ctx["run_dir"] / f"daphne-{ctx['daphne_port']}.pid": ctx["daphne_port"],
    }
    old = {pid_file: int(pid_file.read_text()) for pid_file in victims}
    events["held"] = await asyncio.to_thread(worker_connections, ctx)
    for pid in old.values():
        os.kill(pid, signal.SIGKILL)
    events["kill"] = time.monotonic()
    print(f"  fault: SIGKILL to workers {sorted(victims.values())} (pids {old})", flush=True)
    waiting = dict(victims)
    while waiting and time.monotonic() - events["kill"] < 120:
        await asyncio.sleep(0.2)
        for pid_file, port in list(waiting.items()):
            try:
                new = int(pid_file.read_text())
            except (OSError, ValueError):
                continue
            if new == old[pid_file]:
                continue
            events.setdefault("restarted", time.monotonic())
            if await asyncio.to_thread(http_ok, f"http://127.0.0.1:{port}/healthz"):
                del waiting[pid_file]
    if not waiting:
        events["back"] = time.monotonic()
        print(f"  fault: workers back after {events['back'] - events['kill']:.1f} s", flush=True)


def worker_connections(ctx) -> list[int]:
    """Open TCP connections (from nginx: the websockets) per daphne worker port."""
    counts = []
    for i in range(ctx["daphne_workers"]):
        port = ctx["daphne_port"] + i
        listing = subprocess.run(
            ["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        counts.append(len(listing.splitlines()))
    return counts


async def restart_redis(ctx, at: float, down: float, events: dict) -> None:
    """Stop this run's Redis, leave it down `down` seconds, start it again (empty)."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    redis = ctx["redis"]
    events["redis_down"] = time.monotonic()
    await asyncio.to_thread(redis.stop)
    await asyncio.sleep(down)
    await asyncio.to_thread(redis.start)
    events["redis_up"] = time.monotonic()
    took = events["redis_up"] - events["redis_down"]
    print(f"  fault: Redis stopped and started again ({took:.1f} s without it)", flush=True)


class RedisServer:
    """This run's own redis-server (the machine's Redis is shared and never touched)."""

    def __init__(self, port: int, workdir: Path):
        self.port, self.workdir, self.proc = port, workdir, None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.workdir),
                "--maxclients",
                "2000",
            ],
            stdout=open(self.workdir / "redis.log", "ab"),  # noqa: SIM115 (the server's life)
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            probe = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if probe.stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start: see redis.log")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # what `systemctl restart redis-server` sends
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- Viewers -------------------------------------------------------------------------------


async def connect_viewers(ctx, args, workers: Workers) -> dict:
    k = workers.count
    t0 = time.monotonic() + 0.5
    target = [f"ws://127.0.0.1:{ctx['port']}/ws/rounds/{ctx['round']}/board/", ctx["base"]]
    commands = [
        {
            "op": "connect",
            "n": args.viewers // k + (1 if j < args.viewers % k else 0),
            "targets": [target],
            "t0": t0 + j / args.connect_rate,
            "rate": args.connect_rate / k,
            "src": f"127.3.0.{j + 1}",
            "mode": "site",
            "timeout": 30,
            "reconnect": True,
        }
        for j in range(k)
    ]
    replies = await workers.ask(commands, timeout=args.viewers / args.connect_rate + 90)
    return {
        "t0": t0,
        "opened": sum(r["opened"] for r in replies),
        "served": sum(r["served"] for r in replies),
    }


async def dump_viewers(workdir: Path, workers: Workers) -> tuple[list, list]:
    paths = [workdir / f"viewers{j}.json" for j in range(workers.count)]
    await workers.ask([{"op": "dump", "path": str(p)} for p in paths], timeout=120)
    viewers, lags = [], []
    for p in paths:
        data = json.loads(p.read_text())
        viewers += data["viewers"]
        lags += data["lags"]
        p.unlink()
    return viewers, lags


# --- The run ---------------------------------------------------------------------------------


async def load(args, ctx) -> dict:
    out = {
        "recorder": Recorder(),
        "seen": Counter(),
        "waits": {},
        "ledgers": {},
        "finished_at": [],
        "events": {},
    }
    workers = Workers(args.viewer_procs, {**os.environ, "PYTHONPATH": str(ROOT)})
    await workers.start()
    sampler = CpuSampler(ctx, extra_pids=workers.pids)
    lag = LagWatch()
    sampler.start()
    lag.start()
    try:
        if args.viewers:
            print(f"viewers: connecting {args.viewers} …", flush=True)
            out["viewers_connect"] = await connect_viewers(ctx, args, workers)
            print(f"  {out['viewers_connect']}", flush=True)
        print(f"participants: {args.participants} arriving over {args.ramp:g} s …", flush=True)
        t0 = time.monotonic()
        out["t0"] = t0
        deadline = time.perf_counter() + args.max_seconds - (time.monotonic() - ctx["began"]) - 60
        rng = random.Random(args.seed)
        users = ctx["users"][: args.participants]
        start = time.perf_counter() + 0.5
        arrivals = sorted(start + rng.uniform(0, args.ramp) for _ in users)
        faults = []
        if ctx["topology"] == "scaled" and not args.no_faults:
            faults = [
                asyncio.create_task(kill_worker(ctx, t0 + args.kill_at, out["events"])),
                asyncio.create_task(
                    restart_redis(ctx, t0 + args.redis_at, args.redis_down, out["events"])
                ),
            ]
        sampler.mark("load")
        results = await asyncio.gather(
            *(
                participant(
                    i,
                    user,
                    arrivals[i],
                    args=args,
                    ctx=ctx,
                    out=out,
                    rng=random.Random(args.seed * 100_000 + i),
                    deadline=deadline,
                )
                for i, user in enumerate(users)
            ),
            return_exceptions=True,
        )
        out["load_seconds"] = time.monotonic() - t0
        sampler.mark("settle")
        out["incomplete_clients"] = dict(
            Counter(f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException))
        )
        for task in faults:
            if not task.done():
                out["events"]["fault_unfinished"] = True
                task.cancel()
        print(f"  load done in {out['load_seconds']:.0f} s", flush=True)
        if args.viewers:
            # The last finish reaches the boards within a tick, the coalescing second and the
            # snapshot's queries: give it a few seconds, then read what every viewer holds.
            await asyncio.sleep(args.settle)
            out["viewers"], out["viewer_lags"] = await dump_viewers(ctx["workdir"], workers)
            await workers.ask([{"op": "close"}] * workers.count, timeout=120)
    finally:
        out["cpu"] = sampler.stop()
        out["lags"] = lag.stop()
        await workers.stop()
    return out


# --- Set-up and servers ---------------------------------------------------------------------


def free_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    rng = random.Random()
    for _ in range(200):
        first = rng.randrange(20000, 40000)
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free ports")


def wait_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not http_ok(url):
        if proc.poll() is not None or time.monotonic() > end:
            raise RuntimeError(f"{url} did not come up:\n" + log.read_text()[-3000:])
        time.sleep(0.3)


def start_servers(args, ctx, env: dict) -> subprocess.Popen:
    log = ctx["workdir"] / "server.log"
    if ctx["topology"] == "scaled":
        server_env = {
            **env,
            "PORT": str(ctx["port"]),
            "WSGI_WORKERS": str(args.wsgi_workers),
            "WSGI_PORT": str(ctx["wsgi_port"]),
            "DAPHNE_WORKERS": str(args.daphne_workers),
            "DAPHNE_PORT": str(ctx["daphne_port"]),
            "RUN_DIR": str(ctx["run_dir"]),
            "SEED_DEMO": "0",
        }
        server_env.pop("DJANGO_SETTINGS_MODULE")  # the script chooses production
        command = ["bash", str(ROOT / "deploy" / "serve-scaled.sh")]
    else:
        server_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
        command = [
            str(ROOT / ".venv" / "bin" / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(ctx["port"]),
            "--websocket_connect_timeout",
            "30",
            "--access-log",
            "/dev/null",
            "config.asgi:application",
        ]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=server_env,
        stdout=open(log, "wb"),  # noqa: SIM115 (open for the server's life)
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as one below
    )
    wait_up(f"{ctx['base']}/healthz", proc, log)
    if ctx["topology"] == "scaled":
        # Every worker up before the viewers come: nginx passes one still starting over (and
        # its share of viewers would go to the others, leaving the kill nothing to cut off).
        ports = [ctx["wsgi_port"] + i for i in range(args.wsgi_workers)]
        ports += [ctx["daphne_port"] + i for i in range(args.daphne_workers)]
        for port in ports:
            wait_up(f"http://127.0.0.1:{port}/healthz", proc, log)
    return proc


def stop_servers(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # serve-scaled.sh stops its workers, the sweep and nginx itself
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this script started
            proc.wait()


def server_tracebacks(ctx) -> dict[str, int]:
    logs = [ctx["workdir"] / "server.log"]
    if ctx["topology"] == "scaled":
        logs += sorted((ctx["run_dir"] / "logs").glob("*.log"))
    found = {}
    for path in logs:
        count = path.read_text(errors="replace").count("Traceback")
        if count:
            found[path.name] = count
    return found


# --- Checks and report --------------------------------------------------------------------


def db_counters(round_id: int) -> dict:
    """The board's counters recomputed here from the attempts (not with quizzes.boards)."""
    from quizzes.models import Attempt

    rows = list(
        Attempt.objects.filter(round_id=round_id).values_list(
            "participant_id", "finished_at", "is_best", "score", "question_count"
        )
    )
    return {
        "participants": len({r[0] for r in rows}),
        "in_progress": sum(r[1] is None for r in rows),
        "finished": sum(r[1] is not None for r in rows),
        "perfect": sum(bool(r[2]) and r[3] == r[4] for r in rows),
    }


def in_window(samples: list[Sample], windows: list[tuple[float, float]]) -> list[Sample]:
    return [s for s in samples if any(lo <= s.done <= hi for lo, hi in windows)]


NGINX_ANSWER_RE = re.compile(
    r'"POST /bai-thi/[^/ ]+/tra-loi/ [^"]*" \d+ .* rt=([\d.]+) urt=([\d.]+) msec=([\d.]+)$'
)


def answers_at_nginx(ctx) -> list[tuple[float, float, float]]:
    """(done on the perf_counter clock, s at nginx, s at the worker) for each answer save
    that one worker answered, from nginx's access log (scaled topology: `cchc_timed`)."""
    if ctx["topology"] != "scaled":  # one daphne, no nginx in front
        return []
    log = ctx["run_dir"] / "logs" / "nginx-access.log"
    to_perf = time.perf_counter() - time.time()
    times = []
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if match := NGINX_ANSWER_RE.search(line.rstrip()):
                rt, urt, msec = (float(x) for x in match.groups())
                times.append((msec + to_perf, rt, urt))
    return times


def timeline(answers, at_nginx, lags, t0_perf: float, step: float = 30) -> list[dict]:
    """Per `step` seconds of the load: answer saves, their p50/p99 at the client, p99 at
    nginx and at the worker, and the load generator's own event-loop lag p99."""
    buckets: dict[int, dict] = {}

    def bucket(t: float) -> dict:
        return buckets.setdefault(
            int((t - t0_perf) // step), {"client": [], "nginx": [], "worker": [], "lag": []}
        )

    for sample in answers:
        bucket(sample.done)["client"].append(sample.latency)
    for done, rt, urt in at_nginx:
        bucket(done)["nginx"].append(rt)
        bucket(done)["worker"].append(urt)
    for t, lag in lags:
        bucket(t)["lag"].append(lag)
    rows = []
    for index in sorted(b for b in buckets if b >= 0):
        b = buckets[index]
        if not b["client"]:
            continue
        rows.append(
            {
                "from_s": index * step,
                "answers": len(b["client"]),
                "client_p50": percentile(b["client"], 50) * 1000,
                "client_p99": percentile(b["client"], 99) * 1000,
                "nginx_p99": percentile(b["nginx"], 99) * 1000,
                "worker_p99": percentile(b["worker"], 99) * 1000,
                "generator_lag_p99": percentile(b["lag"], 99) * 1000,
            }
        )
    return rows


def fmt(value: float, unit: str = "", spec: str = ",.0f") -> str:
    return "–" if value != value else f"{value:{spec}}{unit}"  # NaN: nothing measured


def report(args, ctx, out, check, viewers, tracebacks, meta) -> tuple[str, dict, bool]:
    rec: Recorder = out["recorder"]
    events, t0 = out["events"], out["t0"]
    wall = out["load_seconds"]
    lines = [
        f"### Soak, {ctx['topology']} topology: {args.participants} participants, "
        f"{args.viewers} viewers"
        + (
            ""
            if ctx["topology"] == "embedded" or args.no_faults
            else ", worker kill + Redis restart"
        ),
        "",
        f"Arrivals over {args.ramp:g} s, {args.think_min:g}–{args.think_max:g} s thinking before "
        f"each answer; load phase {wall:.0f} s. " + describe_topology(args, ctx),
        "",
    ]
    # Windows in perf_counter time (the samples' clock): map from monotonic.
    shift = time.perf_counter() - time.monotonic()
    windows = {}
    if "kill" in events:
        windows["kill"] = (events["kill"] + shift, events.get("back", events["kill"] + 60) + shift)
        back = (
            f"both replacements answered {events['back'] - events['kill']:.1f} s later"
            if "back" in events
            else "**the replacements had not all answered 120 s later**"
        )
        started = (
            f"a process started after {events['restarted'] - events['kill']:.1f} s"
            if "restarted" in events
            else "no replacement process started"
        )
        lines.append(
            f"Faults: a WSGI and a daphne worker killed at {events['kill'] - t0:.0f} s; "
            f"{back} ({started}); connections "
            f"open on each daphne worker just before: {events.get('held')} (the first was killed)."
            + (
                f" Redis stopped at {events['redis_down'] - t0:.0f} s and was back "
                f"{events['redis_up'] - events['redis_down']:.1f} s later."
                if "redis_up" in events
                else ""
            )
        )
        lines.append("")
    if "redis_up" in events:
        windows["redis"] = (events["redis_down"] + shift, events["redis_up"] + 5 + shift)
    lines += [
        "| endpoint | requests | errors (status: count) | error rate | req/s | p50 ms | p95 ms "
        "| p99 ms | max ms | p99 outside kill window | time to acknowledged p99 / max s |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    result = {
        "meta": meta,
        "endpoints": {},
        "events": {k: v - t0 if isinstance(v, float) else v for k, v in events.items()},
    }
    for endpoint in sorted(rec.samples, key=lambda e: ORDER.index(e) if e in ORDER else 99):
        samples = rec.samples[endpoint]
        row = stats(samples, wall)
        kill_w = [windows["kill"]] if "kill" in windows else []
        outside = [s for s in samples if not in_window([s], kill_w)]
        row["p99_outside_kill"] = percentile([s.latency for s in outside], 99) * 1000
        waits = out["waits"].get(endpoint, [])
        row["ack_p99"], row["ack_max"] = percentile(waits, 99), max(waits, default=float("nan"))
        result["endpoints"][endpoint] = row
        lines.append(
            f"| {endpoint} | {row['count']:,} | {error_text(row)} | "
            f"{row['errors'] / max(1, row['count']):.1%} | {row['rps']:.1f} | "
            f"{fmt(row['p50'])} | {fmt(row['p95'])} | {fmt(row['p99'])} | {fmt(row['max'])} | "
            f"{fmt(row['p99_outside_kill'])} | {row['ack_p99']:.2f} / {row['ack_max']:.2f} |"
        )
    everything = [s for samples in rec.samples.values() for s in samples]
    total = stats(everything, wall)
    result["all"] = total
    lines.append(
        f"| **all** | {total['count']:,} | {total['errors']:,} | "
        f"{total['errors'] / max(1, total['count']):.1%} | {total['rps']:.1f} | "
        f"{fmt(total['p50'])} | {fmt(total['p95'])} | {fmt(total['p99'])} | "
        f"{fmt(total['max'])} | | |"
    )
    lines.append("")
    answers = rec.samples.get("answer", [])
    if windows:
        both = list(windows.values())
        quiet = [s for s in answers if not in_window([s], both)]
        result["answer_p99_outside_both"] = percentile([s.latency for s in quiet], 99) * 1000
        for name, window in windows.items():
            inside = in_window(answers, [window])
            result[f"answer_in_{name}"] = stats(inside, window[1] - window[0])
            lines.append(
                f"Answer saves finishing inside the {name} window ({window[1] - window[0]:.1f} s): "
                f"{len(inside)}, errors {error_text(result[f'answer_in_{name}'])}, p99 "
                f"{fmt(result[f'answer_in_{name}']['p99'])} ms."
            )
        lines.append(
            f"Answer saves outside both windows: p99 {fmt(result['answer_p99_outside_both'])} ms."
        )
        lines.append("")
    at_nginx = answers_at_nginx(ctx)
    if at_nginx:
        kill_w = [windows["kill"]] if "kill" in windows else []
        outside = [t for t in at_nginx if not any(lo <= t[0] <= hi for lo, hi in kill_w)]
        split = {
            "nginx": percentile([rt for _d, rt, _u in outside], 99) * 1000,
            "worker": percentile([urt for _d, _r, urt in outside], 99) * 1000,
        }
        result["answer_p99_outside_kill_at"] = split
        lines.append(
            "Where an answer save's time goes, p99 outside the kill window: at the client "
            f"{fmt(result['endpoints']['answer']['p99_outside_kill'])} ms, at nginx "
            f"{fmt(split['nginx'])} ms, at the worker {fmt(split['worker'])} ms (nginx's "
            "access log; the rest is the load generator's own wait and the loopback)."
        )
        lines.append("")
    t0_perf = t0 + shift
    result["timeline"] = rows = timeline(answers, at_nginx, out["lags"], t0_perf)
    if rows:
        lines += [
            "Answer saves over time (p99 in ms; from the first arrival):",
            "",
            "| from s | saves | client p50 | client p99 | nginx p99 | worker p99 "
            "| generator lag p99 |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['from_s']:.0f} | {r['answers']:,} | {fmt(r['client_p50'])} | "
            f"{fmt(r['client_p99'])} | {fmt(r['nginx_p99'])} | {fmt(r['worker_p99'])} | "
            f"{fmt(r['generator_lag_p99'])} |"
            for r in rows
        ]
        lines.append("")
    finished = len(out["finished_at"])
    lines.append(
        f"Throughput: {total['rps']:.1f} requests/s over the load phase, "
        f"{len(answers) / wall:.1f} answer saves/s, {finished} attempts finished "
        f"({finished / wall * 60:.0f} a minute)."
    )
    lines.append("")
    lines.append("What people saw instead of what they asked for (every failed try, retried):")
    lines.append("")
    lines.append("| endpoint | during | status | what the person saw | times |")
    lines.append("|---|---|---|---|---:|")
    for (endpoint, when, status, seen), count in sorted(out["seen"].items(), key=lambda x: -x[1]):
        lines.append(f"| {endpoint} | {when} | {status} | {seen} | {count} |")
    if not out["seen"]:
        lines.append("| – | – | – | nothing: every request succeeded the first time | 0 |")
    result["seen"] = [[*k, v] for k, v in out["seen"].items()]
    lines.append("")
    if viewers:
        k = viewers.get("kill")
        lines.append(
            f"Viewers: {viewers['viewers']} ({out['viewers_connect']['served']} had a board "
            f"before the load); at the end {viewers['final_ok']} connected with the final board, "
            f"{viewers['stale']} connected with another, {viewers['not_connected']} not connected, "
            f"{viewers['never_connected']} never connected; {viewers['connections']} connections "
            f"in all. Connections ended by: {viewers['ended_by'] or 'nothing'}."
        )
        if k:
            returned = (
                f"({k['after_back_max']:+.1f} s from the worker's return); "
                f"{k['within_5s_of_back']} within 5 s of the return."
                if k["workers_back"]
                else "(the killed workers never answered again)."
            )
            lines.append(
                f"Cut off by the kill: {k['dropped']}; {k['board_again']} had a board again, "
                f"median {fmt(k['after_kill_p50'], spec='.1f')} s and at most "
                f"{fmt(k['after_kill_max'], spec='.1f')} s after the kill " + returned
            )
        if "redis" in viewers:
            lines.append(
                f"After the Redis restart {viewers['redis']['updated_after']} viewers received "
                "updates again."
            )
        lines.append("")
    result["viewers"] = viewers
    cpu, lags = out["cpu"], out["lags"]
    result["cpu"] = cpu
    result["loop_lag_p99_ms"] = percentile([lag for _t, lag in lags], 99) * 1000
    viewer_lag = percentile([lag for _t, lag in out.get("viewer_lags", [])], 99) * 1000
    lines.append(
        "CPU over the load phase, in cores (2 on this machine): "
        + ", ".join(f"{name} {share:.2f}" for name, share in cpu.items())
        + f". Load generator event-loop lag p99: participants {result['loop_lag_p99_ms']:.0f} ms, "
        f"viewers {fmt(viewer_lag)} ms."
    )
    lines.append("")
    lines.append(
        f"Database check: {check['attempts']} attempts and {check['items']} answered items "
        f"compared with what the clients were told: {len(check['problems'])} problems; "
        f"{len(check['incomplete'])} attempts left unfinished; board counters in the database "
        f"{ctx['db_counters']}."
    )
    if out["incomplete_clients"]:
        lines.append(f"Clients that stopped early: {out['incomplete_clients']}.")
    if tracebacks:
        lines.append(f"Tracebacks in the server logs: {tracebacks}.")
    lines.append("")

    answer = result["endpoints"].get("answer", {})
    stack_traces = sum(v for key, v in out["seen"].items() if key[3] == "STACK TRACE")
    targets = [
        ("zero lost answers (acknowledged = stored)", not check["problems"], check["problems"]),
        ("every attempt finished and scored once", not check["incomplete"], check["incomplete"]),
        ("nobody over the attempt limit", not any("more than" in p for p in check["problems"]), ""),
        ("no stack trace shown", stack_traces == 0, stack_traces),
    ]
    if viewers:
        all_final = viewers["final_ok"] == viewers["viewers"]
        targets.append(
            (
                "every viewer holds the final board",
                all_final,
                f"{viewers['final_ok']} of {viewers['viewers']}",
            )
        )
    p99 = answer.get("p99_outside_kill", float("nan"))
    targets.append(("answer-save p99 < 500 ms outside the kill window", p99 < 500, f"{p99:.0f} ms"))
    if viewers and viewers.get("kill"):
        k = viewers["kill"]
        targets.append(
            (
                "viewers have a board within 5 s of the worker's return",
                k["workers_back"] and k["within_5s_of_back"] == k["dropped"],
                f"{k['within_5s_of_back']} of {k['dropped']}, latest "
                f"{fmt(k['after_back_max'], spec='+.1f')} s"
                if k["workers_back"]
                else f"workers never back; {k['board_again']} of {k['dropped']} had a board",
            )
        )
    lines += ["| target | met | measured |", "|---|---|---|"]
    for text, met, value in targets:
        shown = value if isinstance(value, (str, int)) else f"{len(value)} problems"
        lines.append(f"| {text} | {'yes' if met else '**no**'} | {shown} |")
    result["targets"] = [{"target": t, "met": m} for t, m, _v in targets]
    correctness = all(
        m for t, m, _v in targets if not t.startswith(("answer-save", "viewers have"))
    )
    return "\n".join(lines) + "\n", result, correctness


def describe_topology(args, ctx) -> str:
    if ctx["topology"] == "scaled":
        return (
            f"nginx in front of {args.wsgi_workers} WSGI workers (granian) and "
            f"{args.daphne_workers} daphne workers for /ws/ (production settings), PostgreSQL, "
            "this run's own Redis; load generator and viewers on the same 2 cores."
        )
    return (
        "One daphne on SQLite with the in-memory channel layer; load generator on the same 2 cores."
    )


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--topology", choices=["scaled", "embedded"], default="scaled")
    p.add_argument("--participants", "-n", type=int)
    p.add_argument("--viewers", type=int)
    p.add_argument("--wsgi-workers", type=int, default=2, help="WSGI workers (scaled)")
    p.add_argument("--daphne-workers", type=int, default=2, help="daphne workers (scaled)")
    p.add_argument("--viewer-procs", type=int, default=2, help="viewer processes")
    p.add_argument("--connect-rate", type=float, default=200, help="viewer connections/s")
    p.add_argument("--ramp", type=float, help="participants arrive over this (s)")
    p.add_argument("--think-min", type=float)
    p.add_argument("--think-max", type=float)
    p.add_argument("--kill-at", type=float, help="s after the first arrival")
    p.add_argument("--redis-at", type=float, help="s after the first arrival")
    p.add_argument(
        "--redis-down", type=float, default=3, help="s Redis stays stopped in its restart"
    )
    p.add_argument("--no-faults", action="store_true")
    p.add_argument(
        "--settle", type=float, default=6, help="s between the last finish and the check"
    )
    p.add_argument("--per-ip", type=int, default=10, help="participants per source address")
    p.add_argument("--timeout", type=float, default=15, help="per request (s), as attempt.js")
    p.add_argument("--max-seconds", type=float, default=600)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--quick", action="store_true", help="smoke run: 100 participants, 200 viewers")
    p.add_argument("--tamper", action="store_true", help="self-test: the check must fail")
    p.add_argument("--keep", action="store_true", help="keep the database and work directory")
    p.add_argument("--workdir")
    p.add_argument("--json")
    args = p.parse_args(argv)
    full = dict(
        participants=1000,
        viewers=2000,
        ramp=120,
        think_min=5,
        think_max=15,
        kill_at=150,
        redis_at=240,
    )
    quick = dict(
        participants=100, viewers=200, ramp=10, think_min=1, think_max=3, kill_at=20, redis_at=35
    )
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="soak-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    ctx = {
        "topology": args.topology,
        "workdir": workdir,
        "port": port,
        "base": f"http://127.0.0.1:{port}",
        "began": began,
    }
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),  # the servers share it: sessions made here work
        ALLOWED_HOSTS="127.0.0.1",
        BENCH_STATIC_ROOT=str(workdir / "static"),
        STATIC_ROOT=str(workdir / "static"),  # the embedded server reads this one
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    redis = None
    if args.topology == "scaled":
        redis = RedisServer(free_port(), workdir)
        redis.start()
        psql(f"DROP DATABASE IF EXISTS {PG_DB}")
        psql(f"CREATE DATABASE {PG_DB}")
        env.update(
            DATABASE_URL=f"{PG_BASE}/{PG_DB}",
            REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
        )
        ctx.update(
            redis=redis,
            wsgi_port=free_ports(args.wsgi_workers + args.daphne_workers),
            daphne_workers=args.daphne_workers,
            run_dir=workdir / "run",
        )
        ctx["daphne_port"] = ctx["wsgi_port"] + args.wsgi_workers
    else:
        env["SQLITE_PATH"] = str(workdir / "db.sqlite3")
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from bench import quiz_db

    server = None
    code = 1
    # The servers load the code now: the commit at the start is the one measured.
    ctx["commit"] = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    try:
        print(
            f"work directory {workdir}; setting up {args.participants} participants …", flush=True
        )
        built = quiz_db.build(participants=args.participants, rounds=("soak",))
        ctx.update(
            users=built["users"], round=built["rounds"]["soak"], questions=built["questions"]
        )
        print(
            f"  set-up took {time.monotonic() - began:.0f} s; starting {args.topology} servers …",
            flush=True,
        )
        server = start_servers(args, ctx, env)
        ctx["server_pid"] = server.pid
        out = asyncio.run(load(args, ctx))
        stop_servers(server)
        server = None
        if args.tamper:
            print("tampering with the database (--tamper): the check below must fail", flush=True)
            quiz_db.tamper(out["ledgers"])
        print("checking the database …", flush=True)
        check = quiz_db.check(out["ledgers"], round_ids={"soak": ctx["round"]})
        for problem in check["problems"][:30]:
            print("  PROBLEM:", problem)
        for line in check["incomplete"][:10]:
            print("  incomplete:", line)
        ctx["db_counters"] = db_counters(ctx["round"])
        viewers = (
            viewer_results(out["viewers"], ctx["db_counters"], out["events"])
            if args.viewers
            else None
        )
        meta = {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": ctx["commit"],
            "command": "python bench/soak.py " + " ".join(sys.argv[1:] if argv is None else argv),
            "nproc": os.cpu_count(),
            "workdir": str(workdir),
        }
        tracebacks = server_tracebacks(ctx)
        text, result, correct = report(args, ctx, out, check, viewers, tracebacks, meta)
        meta["run_seconds"] = round(time.monotonic() - began)
        header = (
            f"<!-- {meta['date']} commit {meta['commit']}: {meta['command']} "
            f"(whole run {meta['run_seconds']} s) -->\n"
        )
        print()
        print(header + text)
        (workdir / "report.md").write_text(header + text)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, default=str))
        code = 0 if correct else 1
    finally:
        if server is not None:
            stop_servers(server)
        if redis is not None:
            redis.stop()
        if args.topology == "scaled" and not args.keep:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    return code


if __name__ == "__main__":
    sys.exit(main())
