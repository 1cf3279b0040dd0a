#!/usr/bin/env python
"""Quiz load benchmark: N simulated participants against one daphne process, then a DB check.

    .venv/bin/python bench/quiz_load.py            # N=500, realistic pace then saturation
    .venv/bin/python bench/quiz_load.py --quick    # smoke run: 50 participants, short thinks

What it does (see bench/README.md and docs/benchmarks.md):
1. Set-up, in this process: a fresh SQLite file under /tmp (migrate, collectstatic), N users with
   verified emails, participant profiles and ready-made logged-in sessions (written with
   Django's SessionStore, no login requests), two open rounds of 20 questions (demo bank,
   max_attempts=1, prediction asked).
2. One daphne process (DJANGO_SETTINGS_MODULE=bench.settings_bench, DJANGO_DEBUG=0) on a free
   loopback port; waits for /healthz.
3. Realistic pace (open loop): participants arrive at random over --ramp seconds; each starts an
   attempt, saves 20 answers thinking --think-min..--think-max seconds before each, saves the
   prediction and finishes. With --browser each also loads the attempt page (all questions, one
   shown at a time by the script), the review page and the result page, as the site's pages do.
4. Saturation (closed loop, --concurrency clients): all N start an attempt in a second round;
   then the trivial view, the answer endpoint (changing answers of those attempts) and the
   trivial view again, --sat-seconds each; then every attempt is finished.
5. Stops the server and checks the database against what every client was told.

Exit status: 0 when nothing was lost or wrong, 1 when the check found problems (or the run hit
--max-seconds), 2 when --strict is given and a target was missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.percentiles import percentile  # noqa: E402  (re-exported to the other benches)

CLK_TCK = os.sysconf("SC_CLK_TCK")
SCREEN_RE = re.compile(
    r'<section class="question-screen" data-position="(\d+)"[^>]*>(.*?)</section>', re.S
)
CHOICE_RE = re.compile(r'name="choice" value="([^"]+)"')
ATTEMPT_RE = re.compile(r"^/bai-thi/([^/]+)/$")


# --- What the clients were told ------------------------------------------------------------


@dataclass
class Ledger:
    """Everything one attempt's client sent, with whether the server acknowledged it."""

    user_id: int
    round: str
    answers: dict[int, list[tuple[tuple[str, ...], bool]]] = field(default_factory=dict)
    predictions: list[tuple[int, bool]] = field(default_factory=list)
    finished_ack: bool = False


@dataclass
class Sample:
    done: float
    latency: float
    status: str
    ok: bool


class Recorder:
    def __init__(self):
        self.samples: dict[str, list[Sample]] = {}

    def add(self, endpoint: str, sample: Sample):
        self.samples.setdefault(endpoint, []).append(sample)


# --- Measuring ---------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a whole process (all threads), from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy() -> float:
    """Busy CPU-seconds of the whole machine (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLK_TCK


def self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Phase:
    """Wall time, server CPU, load-generator CPU and event-loop lag over one phase."""

    def __init__(self, name: str, server_pid: int):
        self.name, self.pid = name, server_pid
        self.lags: list[float] = []

    async def __aenter__(self):
        self.t0, self.cpu0, self.self0 = time.perf_counter(), cpu_seconds(self.pid), self_cpu()
        self.machine0 = machine_busy()
        self._lag_task = asyncio.create_task(self._watch_lag())
        return self

    async def __aexit__(self, *exc):
        self._lag_task.cancel()
        self.wall = time.perf_counter() - self.t0
        self.server_cpu = (cpu_seconds(self.pid) - self.cpu0) / self.wall
        self.client_cpu = (self_cpu() - self.self0) / self.wall
        machine = (machine_busy() - self.machine0) / self.wall
        self.other_cpu = max(0.0, machine - self.server_cpu - self.client_cpu)

    async def _watch_lag(self):
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.05)
            self.lags.append(time.perf_counter() - t - 0.05)

    def summary(self) -> str:
        lag = percentile(self.lags, 99) * 1000 if self.lags else 0
        return (
            f"{self.wall:.0f} s; server CPU {self.server_cpu:.0%} of one core, "
            f"load generator CPU {self.client_cpu:.0%}, other processes on the machine "
            f"{self.other_cpu:.0%}; load generator event-loop lag p99 {lag:.0f} ms"
        )


# --- HTTP --------------------------------------------------------------------------------


async def call(
    session: aiohttp.ClientSession,
    recorder: Recorder,
    endpoint: str,
    method: str,
    url: str,
    expect,
    **kwargs,
) -> tuple[bool, str, str, bytes]:
    """One request, timed to the end of the body; `expect(status, location, body)` -> ok."""
    start = time.perf_counter()
    location, body = "", b""
    try:
        async with session.request(method, url, allow_redirects=False, **kwargs) as response:
            body = await response.read()
            status = str(response.status)
            location = response.headers.get("Location", "")
    except TimeoutError:
        status = "timeout"
    except aiohttp.ClientError as exc:
        status = type(exc).__name__
    done = time.perf_counter()
    ok = bool(status.isdigit() and expect(int(status), location, body))
    recorder.add(endpoint, Sample(done, done - start, status, ok))
    return ok, status, location, body


def to_attempt(status, location, body):
    return status == 302 and ATTEMPT_RE.match(location) is not None


def json_ok(status, location, body):
    return status == 200 and b'"ok": true' in body


def to_result(status, location, body):
    return status == 302 and location.endswith("/ket-qua/")


def html_ok(status, location, body):
    return status == 200


def text_ok(status, location, body):
    return status == 200 and body == b"ok"


def redirect_to(pattern: str):
    return lambda status, location, body: status == 302 and re.search(pattern, location)


def make_session(base: str, user: dict | None, local_ip: str, timeout: float):
    headers = {}
    if user:
        headers = {
            "Cookie": f"sessionid={user['sessionid']}; csrftoken={user['csrftoken']}",
            "X-CSRFToken": user["csrftoken"],
        }
    return aiohttp.ClientSession(
        base_url=base,
        connector=aiohttp.TCPConnector(limit=1, local_addr=(local_ip, 0)),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers=headers,
    )


def cookie_headers(user: dict) -> dict:
    return {
        "Cookie": f"sessionid={user['sessionid']}; csrftoken={user['csrftoken']}",
        "X-CSRFToken": user["csrftoken"],
    }


def participant_ip(index: int, per_ip: int) -> str:
    """Participants share source addresses per_ip at a time (offices behind one address)."""
    n = index // per_ip
    return f"127.1.{n // 250}.{n % 250 + 1}"


# --- Realistic pace (open loop) ----------------------------------------------------------


async def participant(
    index, user, arrival, *, args, ctx, recorder, ledgers, rng: random.Random, deadline
):
    await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
    round_id = ctx["rounds"]["realistic"]

    async def think(low=None, high=None):
        pause = rng.uniform(low or args.think_min, high or args.think_max)
        if time.perf_counter() + pause > deadline:
            raise TimeoutError("run deadline")
        await asyncio.sleep(pause)

    async with make_session(
        ctx["base"], user, participant_ip(index, args.per_ip), args.timeout
    ) as http:
        csrf = user["csrftoken"]
        ok, _s, location, _b = await call(
            http,
            recorder,
            "start",
            "POST",
            f"/dot-thi/{round_id}/bat-dau/",
            to_attempt,
            data={"csrfmiddlewaretoken": csrf},
        )
        if not ok:
            return
        token = ATTEMPT_RE.match(location).group(1)
        ledger = ledgers[token] = Ledger(user_id=user["id"], round="realistic")
        page_url = location
        if args.browser:
            # The attempt page holds every question; the script shows one at a time.
            _ok, _s, _l, page = await call(http, recorder, "page", "GET", page_url, html_ok)
            all_keys = {
                int(number): CHOICE_RE.findall(section)
                for number, section in SCREEN_RE.findall(page.decode())
            }
        else:
            all_keys = ctx["keys"].keys(token)
        count = ctx["questions"]
        for position in range(1, count + 1):
            await think()
            keys = all_keys.get(position)
            if not keys:
                recorder.add("page", Sample(time.perf_counter(), 0, "no keys", False))
                return
            choice = rng.choice(keys)
            ok, *_ = await call(
                http,
                recorder,
                "answer",
                "POST",
                f"/bai-thi/{token}/tra-loi/",
                json_ok,
                data={"position": str(position), "choice": choice},
            )
            ledger.answers.setdefault(position, []).append(((choice,), ok))
        if args.browser:
            # "Next" after a saved answer costs no request; the review page is the next load.
            await think(0.3, 1.0)
            await call(http, recorder, "review_page", "GET", f"/bai-thi/{token}/nop-bai/", html_ok)
        await think()
        prediction = rng.randint(0, 500)
        ok, *_ = await call(
            http,
            recorder,
            "prediction",
            "POST",
            f"/bai-thi/{token}/tra-loi/",
            json_ok,
            data={"prediction": str(prediction)},
        )
        ledger.predictions.append((prediction, ok))
        await think(0.5, 2.0)
        if rng.random() < 0.2:  # some change their mind on the review page
            prediction = rng.randint(0, 500)
        ok, _s, location, _b = await call(
            http,
            recorder,
            "finish",
            "POST",
            f"/bai-thi/{token}/nop-bai/",
            to_result,
            data={"csrfmiddlewaretoken": csrf, "prediction": str(prediction)},
        )
        ledger.predictions.append((prediction, ok))
        ledger.finished_ack = ok
        if ok and args.browser:
            await call(http, recorder, "result_page", "GET", location, html_ok)


async def realistic(args, ctx, deadline, ledgers) -> tuple[Recorder, dict, Phase]:
    recorder = Recorder()
    rng = random.Random(args.seed)
    users = ctx["users"][: args.participants]
    start = time.perf_counter() + 0.5
    arrivals = sorted(start + rng.uniform(0, args.ramp) for _ in users)
    async with Phase("realistic", ctx["pid"]) as phase:
        tasks = [
            participant(
                i,
                user,
                arrivals[i],
                args=args,
                ctx=ctx,
                recorder=recorder,
                ledgers=ledgers,
                rng=random.Random(args.seed * 100_000 + i),
                deadline=deadline,
            )
            for i, user in enumerate(users)
        ]
        results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = Counter(type(r).__name__ for r in results if isinstance(r, BaseException))
    if failures:
        print(f"  participants that did not complete: {dict(failures)}")
    ctx["participants_incomplete"] = sum(failures.values())
    return recorder, ledgers, phase


# --- Saturation (closed loop) ------------------------------------------------------------


async def closed_loop(ctx, args, name, worker, *, seconds: float | None) -> Phase:
    """K workers; each runs worker(w, http, stop_at) until stop_at (or until done)."""
    stop_at = time.perf_counter() + seconds if seconds else None
    async with Phase(name, ctx["pid"]) as phase:
        sessions = [
            make_session(ctx["base"], None, f"127.2.0.{w + 1}", args.timeout)
            for w in range(args.concurrency)
        ]
        try:
            await asyncio.gather(*(worker(w, s, stop_at) for w, s in enumerate(sessions)))
        finally:
            for s in sessions:
                await s.close()
    return phase


async def saturation(args, ctx, ledgers) -> tuple[Recorder, dict[str, Phase], dict]:
    recorder = Recorder()
    windows: dict[str, tuple[float, float]] = {}
    phases: dict[str, Phase] = {}
    round_id = ctx["rounds"]["saturation"]
    users = ctx["users"][: args.participants]
    k = args.concurrency
    rng = random.Random(args.seed + 1)

    # Every participant starts one attempt in the saturation round, as fast as it goes.
    queue = list(users)
    tokens: dict[str, dict] = {}

    async def starter(w, http, stop_at):
        while queue:
            user = queue.pop()
            ok, _s, location, _b = await call(
                http,
                recorder,
                "start",
                "POST",
                f"/dot-thi/{round_id}/bat-dau/",
                to_attempt,
                data={"csrfmiddlewaretoken": user["csrftoken"]},
                headers=cookie_headers(user),
            )
            if ok:
                token = ATTEMPT_RE.match(location).group(1)
                tokens[token] = user
                ledgers[token] = Ledger(user_id=user["id"], round="saturation")

    phases["start"] = await closed_loop(ctx, args, "start", starter, seconds=None)
    keys = ctx["keys"].keys_for_round(round_id)
    owned = [list(tokens)[w::k] for w in range(k)]

    async def trivial(w, http, stop_at):
        while time.perf_counter() < stop_at:
            await call(http, recorder, "trivial", "GET", "/bench/trivial/", text_ok)

    async def answerer(w, http, stop_at):
        mine = owned[w]
        turn = 0
        while mine and time.perf_counter() < stop_at:
            token = mine[turn % len(mine)]
            turn += 1
            position = rng.randint(1, len(keys[token]))
            choice = rng.choice(keys[token][position])
            ok, *_ = await call(
                http,
                recorder,
                "answer",
                "POST",
                f"/bai-thi/{token}/tra-loi/",
                json_ok,
                data={"position": str(position), "choice": choice},
                headers=cookie_headers(tokens[token]),
            )
            ledgers[token].answers.setdefault(position, []).append(((choice,), ok))

    windows_to_run = [("trivial", trivial), ("answer", answerer), ("trivial (again)", trivial)]
    for name_now, worker in windows_to_run:
        t0 = time.perf_counter()
        if args.py_spy and name_now in args.py_spy_phases:
            start_py_spy(args, ctx, name_now)
        phases[name_now] = await closed_loop(
            ctx, args, name_now, worker, seconds=args.sat_warmup + args.sat_seconds
        )
        windows[name_now] = (t0 + args.sat_warmup, t0 + args.sat_warmup + args.sat_seconds)

    # Finish every attempt (the prediction goes with the form), as fast as it goes.
    finish_queue = list(tokens)

    async def finisher(w, http, stop_at):
        while finish_queue:
            token = finish_queue.pop()
            prediction = rng.randint(0, 500)
            ok, *_ = await call(
                http,
                recorder,
                "finish",
                "POST",
                f"/bai-thi/{token}/nop-bai/",
                to_result,
                data={
                    "csrfmiddlewaretoken": tokens[token]["csrftoken"],
                    "prediction": str(prediction),
                },
                headers=cookie_headers(tokens[token]),
            )
            ledgers[token].predictions.append((prediction, ok))
            ledgers[token].finished_ack = ok

    phases["finish"] = await closed_loop(ctx, args, "finish", finisher, seconds=None)
    return recorder, phases, windows


def start_py_spy(args, ctx, phase_name: str):
    """Sample the server with py-spy (raw collapsed stacks) over one measured window."""
    out = f"{args.py_spy}.{phase_name.split()[0]}.txt"
    subprocess.Popen(
        [
            str(Path(sys.executable).parent / "py-spy"),
            "record",
            "--pid",
            str(ctx["pid"]),
            "--rate",
            "200",
            "--duration",
            str(int(args.sat_seconds)),
            "--format",
            "raw",
            "--nonblocking",
            "--gil",  # only the thread holding the GIL: where the one busy core goes
            "--output",
            out,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"  py-spy: {phase_name} -> {out}", flush=True)


# --- Reporting ---------------------------------------------------------------------------


def stats(samples: list[Sample], seconds: float) -> dict:
    latencies = [s.latency for s in samples]
    errors = Counter(
        s.status if s.status != "200" and s.status != "302" else "bad body"
        for s in samples
        if not s.ok
    )
    return {
        "count": len(samples),
        "errors": sum(errors.values()),
        "errors_by_status": dict(errors),
        "rps": len(samples) / seconds if seconds else float("nan"),
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "max": max(latencies) * 1000 if latencies else float("nan"),
    }


def error_text(row: dict) -> str:
    if not row["errors"]:
        return "0"
    return (
        f"{row['errors']} ("
        + ", ".join(f"{k}: {v}" for k, v in row["errors_by_status"].items())
        + ")"
    )


def report(args, real, sat, check: dict, meta) -> tuple[str, dict, bool]:
    lines: list[str] = []
    result: dict = {"meta": meta, "realistic": {}, "saturation": {}}
    errors = 0
    if real is not None:
        recorder, _ledgers, phase = real
        lines.append(
            f"### Realistic pace (open loop): {args.participants} participants, arrivals over "
            f"{args.ramp:g} s, {args.think_min:g}–{args.think_max:g} s thinking"
            + (", browser flow (pages and forms)" if args.browser else "")
        )
        lines.append("")
        lines.append(f"Phase: {phase.summary()}.")
        lines.append("")
        lines.append("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        order = [
            "start",
            "page",
            "answer",
            "answer_form",
            "review_page",
            "prediction",
            "finish",
            "result_page",
        ]
        for endpoint in sorted(
            recorder.samples, key=lambda e: order.index(e) if e in order else 99
        ):
            row = stats(recorder.samples[endpoint], phase.wall)
            result["realistic"][endpoint] = row
            lines.append(
                f"| {endpoint} | {row['count']} | {error_text(row)} | {row['rps']:.1f} | "
                f"{row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} |"
            )
        everything = [s for samples in recorder.samples.values() for s in samples]
        total = stats(everything, phase.wall)
        result["realistic"]["all"] = total
        result["realistic"]["phase"] = {
            "seconds": phase.wall,
            "server_cpu": phase.server_cpu,
            "client_cpu": phase.client_cpu,
            "other_cpu": phase.other_cpu,
        }
        errors += total["errors"]
        lines.append(
            f"| **all** | {total['count']} | {error_text(total)} | {total['rps']:.1f} | "
            f"{total['p50']:.0f} | {total['p95']:.0f} | {total['p99']:.0f} | "
            f"{total['max']:.0f} |"
        )
        lines.append("")

    if sat is not None:
        s_recorder, phases, windows = sat
        lines.append(
            f"### Saturation (closed loop): {args.concurrency} concurrent clients, "
            f"{args.sat_seconds:g} s measured after {args.sat_warmup:g} s warm-up"
        )
        lines.append("")
        lines.append(
            "| endpoint | requests | errors | req/s | ratio to trivial | p50 ms | p99 ms "
            "| server CPU | load gen CPU | other CPU |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows = {}
        timed = [n for n in ("trivial", "trivial (again)", "answer") if n in windows]
        for name in timed:
            lo, hi = windows[name]
            endpoint = "answer" if name == "answer" else "trivial"
            inside = [s for s in s_recorder.samples.get(endpoint, []) if lo <= s.done < hi]
            rows[name] = stats(inside, hi - lo)
        trivial_rps = (rows["trivial"]["rps"] + rows["trivial (again)"]["rps"]) / 2
        for name in ("start", "finish"):
            rows[name] = stats(s_recorder.samples.get(name, []), phases[name].wall)
        for name in (*timed, "start", "finish"):
            row, ph = rows[name], phases[name]
            ratio = row["rps"] / trivial_rps if trivial_rps else float("nan")
            label = name if name in windows else f"{name} (all {row['count']}, flat out)"
            lines.append(
                f"| {label} | {row['count']} | {error_text(row)} | {row['rps']:.1f} | "
                f"{ratio:.0%} | {row['p50']:.0f} | {row['p99']:.0f} | "
                f"{ph.server_cpu:.0%} | {ph.client_cpu:.0%} | {ph.other_cpu:.0%} |"
            )
            result["saturation"][name] = {
                **row,
                "ratio": ratio,
                "server_cpu": ph.server_cpu,
                "client_cpu": ph.client_cpu,
                "other_cpu": ph.other_cpu,
            }
        result["saturation"]["trivial_mean_rps"] = trivial_rps
        errors += sum(1 for samples in s_recorder.samples.values() for s in samples if not s.ok)
        lines.append("")
        lines.append(
            f"Ceiling = mean of the two trivial runs: {trivial_rps:.1f} req/s. "
            "Latency under saturation is queueing, not speed."
        )
        lines.append("")

    lines.append(
        f"Database check: {check['attempts']} attempts, {check['items']} answered items "
        f"compared with what the clients were told; {len(check['problems'])} lost or wrong; "
        f"{len(check['incomplete'])} left unfinished after a failed request (no finish "
        "acknowledged)."
    )
    lines.append("")
    lines.append("### Targets")
    lines.append("")
    targets = []
    if sat is not None:
        ratio = result["saturation"]["answer"]["ratio"]
        targets.append(
            ("answer saves ≥ 50% of the trivial view's throughput", f"{ratio:.0%}", ratio >= 0.5)
        )
    if real is not None:
        answer_p99 = result["realistic"].get("answer", {}).get("p99", float("nan"))
        worst = max(
            ((e, r["p99"]) for e, r in result["realistic"].items() if e not in ("all", "phase")),
            key=lambda x: x[1],
        )
        targets.append(
            (
                f"p99 < 300 ms at {args.participants} participants (answer)",
                f"{answer_p99:.0f} ms",
                answer_p99 < 300,
            )
        )
        targets.append(
            (
                "p99 < 300 ms at that pace, every endpoint",
                f"worst: {worst[0]} {worst[1]:.0f} ms",
                worst[1] < 300,
            )
        )
    targets.append(("zero errors (all phases)", str(errors), errors == 0))
    targets.append(
        (
            "nothing lost or wrong in the database",
            "ok" if not check["problems"] else f"{len(check['problems'])} problems",
            not check["problems"],
        )
    )
    lines.append("| target | measured | met |")
    lines.append("|---|---|---|")
    for text, value, met in targets:
        lines.append(f"| {text} | {value} | {'yes' if met else '**no**'} |")
    result["targets"] = [{"target": t, "measured": v, "met": m} for t, v, m in targets]
    result["check"] = check
    all_met = all(m for _t, _v, m in targets)
    return "\n".join(lines) + "\n", result, all_met


# --- Orchestration -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("daphne did not become healthy:\n" + log.read_text()[-3000:])
        time.sleep(0.2)


async def warm_up(base: str):
    async with aiohttp.ClientSession(base_url=base) as http:
        for _ in range(20):
            async with http.get("/bench/trivial/") as response:
                await response.read()


async def run_load(args, ctx, deadline, ledgers):
    await warm_up(ctx["base"])
    real = sat = None
    if not args.skip_realistic:
        print(f"realistic pace: {args.participants} participants …", flush=True)
        real = await realistic(args, ctx, deadline, ledgers)
        print(f"  done in {real[2].wall:.0f} s", flush=True)
    if not args.no_saturation:
        print(f"saturation: {args.concurrency} clients …", flush=True)
        sat = await saturation(args, ctx, ledgers)
    return real, sat


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--participants", "-n", type=int, default=500)
    p.add_argument("--ramp", type=float, default=60, help="arrivals spread over this (s)")
    p.add_argument("--think-min", type=float, default=2.0)
    p.add_argument("--think-max", type=float, default=8.0)
    p.add_argument(
        "--browser",
        action="store_true",
        help="also load question/review/result pages and submit the question form",
    )
    p.add_argument("--concurrency", "-c", type=int, default=32, help="saturation clients")
    p.add_argument("--sat-seconds", type=float, default=20)
    p.add_argument("--sat-warmup", type=float, default=2)
    p.add_argument("--no-saturation", action="store_true")
    p.add_argument("--skip-realistic", action="store_true", help="saturation only")
    p.add_argument(
        "--tamper",
        action="store_true",
        help="self-test of the check: alter 3 acknowledged facts in the database before it",
    )
    p.add_argument(
        "--py-spy",
        metavar="PREFIX",
        help="profile the server with py-spy during saturation windows (PREFIX.<phase>.txt)",
    )
    p.add_argument("--py-spy-phases", default="answer", help="comma-separated: trivial,answer")
    p.add_argument(
        "--per-ip",
        type=int,
        default=10,
        help="participants sharing one loopback source address (start limit is per IP)",
    )
    p.add_argument("--timeout", type=float, default=30, help="per request (s)")
    p.add_argument("--max-seconds", type=float, default=600, help="cap on the whole run")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 50 participants, 5 s ramp, 1–3 s thinks, 5 s saturation",
    )
    p.add_argument("--workdir", help="default: a new directory under /tmp")
    p.add_argument("--json", help="also write the figures to this JSON file")
    p.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = p.parse_args(argv)
    if args.quick:
        defaults = {
            "participants": 500,
            "ramp": 60,
            "think_min": 2.0,
            "think_max": 8.0,
            "sat_seconds": 20,
        }
        quick = {
            "participants": 50,
            "ramp": 5,
            "think_min": 1.0,
            "think_max": 3.0,
            "sat_seconds": 5,
        }
        for key, value in quick.items():
            if getattr(args, key) == defaults[key]:
                setattr(args, key, value)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    hard_deadline = time.perf_counter() + args.max_seconds
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="quiz-bench-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        BENCH_STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench import quiz_db

    print(f"work directory {workdir}; setting up {args.participants} participants …", flush=True)
    t = time.monotonic()
    built = quiz_db.build(participants=args.participants, rounds=("realistic", "saturation"))
    print(f"  set-up took {time.monotonic() - t:.0f} s", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = workdir / "daphne.log"
    log = open(log_path, "wb")  # noqa: SIM115 (open for the server's life)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    keys = quiz_db.KeyReader(env["SQLITE_PATH"])
    ctx = {
        "base": base,
        "pid": server.pid,
        "users": built["users"],
        "rounds": built["rounds"],
        "questions": built["questions"],
        "keys": keys,
    }
    real = sat = None
    ledgers: dict[str, Ledger] = {}
    timed_out = False
    try:
        wait_healthy(base, server, log_path)
        remaining = hard_deadline - time.perf_counter()
        try:
            real, sat = asyncio.run(
                asyncio.wait_for(run_load(args, ctx, hard_deadline - 5, ledgers), timeout=remaining)
            )
        except TimeoutError:
            timed_out = True
            print(f"!! the run hit --max-seconds {args.max_seconds:g}", flush=True)
    finally:
        keys.close()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    if timed_out:
        print((log_path.read_text())[-3000:])
    if args.tamper:
        print("tampering with the database (--tamper): the check below must fail", flush=True)
        quiz_db.tamper(ledgers)
    print("checking the database …", flush=True)
    check = quiz_db.check(ledgers, round_ids=built["rounds"])
    problems = check["problems"]
    for problem in problems[:50]:
        print("  PROBLEM:", problem)
    if len(problems) > 50:
        print(f"  … and {len(problems) - 50} more")
    for line in check["incomplete"][:10]:
        print("  incomplete:", line)
    if timed_out:
        return 1

    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": commit,
        "command": "python bench/quiz_load.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "nproc": os.cpu_count(),
        "workdir": str(workdir),
        "run_seconds": round(time.monotonic() - began),
    }
    text, result, all_met = report(args, real, sat, check, meta)
    header = (
        f"<!-- {meta['date']} commit {commit}: {meta['command']} "
        f"(whole run {meta['run_seconds']} s) -->\n"
    )
    print()
    print(header + text)
    (workdir / "report.md").write_text(header + text)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str))
    server_errors = log_path.read_text(errors="replace").count("Traceback")
    if server_errors:
        print(f"!! daphne.log has {server_errors} tracebacks: {log_path}")
    if problems:
        return 1
    if args.strict and not all_met:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
