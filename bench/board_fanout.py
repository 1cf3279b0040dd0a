#!/usr/bin/env python
"""Live-board fan-out benchmark: the real site against a bare `websockets` broadcast server.

    .venv/bin/python bench/board_fanout.py                        # both variants, ~10 min
    .venv/bin/python bench/board_fanout.py --variant embedded     # SQLite, memory layer, 1 daphne
    .venv/bin/python bench/board_fanout.py --variant redis        # PostgreSQL + Redis, 2 daphnes
    .venv/bin/python bench/board_fanout.py --variant embedded --viewers 1000 --finishes 6  # smoke

Per variant, in one run:
1. Set-up with the ORM: a fresh database (SQLite file under /tmp, or the PostgreSQL database
   `bench_board`, created here and dropped at the end; Redis db 5, flushed before and after),
   one open round, --prefinished attempts finished (the board's top 20 is full) and, for every
   later finish, a participant with a started attempt, saved answers and a logged-in session.
2. Servers on loopback: the site (daphne, config.asgi wrapped by bench/board_asgi.py, which only
   timestamps each publish into a log) -- one process (embedded) or two sharing PostgreSQL and
   Redis -- and the ceiling, bench/bare_broadcast.py (as many processes as the site), sending a
   text of the site's snapshot size once a second.
3. For each viewer count: viewers connect to the bare server, staggered at --connect-rate, then
   listen for --window seconds; then the same for the site, where one driver finishes --finishes
   real attempts over HTTP (POST /bai-thi/<token>/nop-bai/, like a participant, through the first
   site process), --gap-min..--gap-max seconds apart. Viewers run in --workers processes
   (bench/board_viewers.py), spread over the site's processes.
4. Reported per viewer count: connection ramp (time until 1,000 and all viewers were accepted),
   delivery latency (bare: tick -> receipt; site: publish -> receipt, and commit -> receipt from
   the finish request's response), share of viewers holding the final state and its latency,
   server and load-generator CPU.
5. Checked after every site phase: no viewer was closed or got an error, every viewer's last
   snapshot has counters.finished equal to the database's count; at the end the database holds
   exactly the finished attempts (set-up + acknowledged HTTP finishes).

Exit status 0 when every check passed, 1 otherwise (or on --max-seconds), 2 with --strict when a
target was missed. Loopback only; every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")
PG_BASE = "postgres://postgres@127.0.0.1:5432"
PG_DB = "bench_board"
REDIS_URL = "redis://127.0.0.1:6379/5"
SEQ_BASE = 1_000_000  # bare servers number their ticks id * SEQ_BASE + n


# --- Measuring -------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a whole process (all threads), from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class CpuWindow:
    def __init__(self, pids: list[int]):
        self.pids = pids

    def __enter__(self):
        self.t0 = time.monotonic()
        self.c0 = [cpu_seconds(p) for p in self.pids]
        return self

    def __exit__(self, *exc):
        self.wall = time.monotonic() - self.t0
        self.share = [
            (cpu_seconds(p) - c) / self.wall for p, c in zip(self.pids, self.c0, strict=True)
        ]


def machine_busy() -> float:
    """CPU-seconds all cores spent busy since boot (/proc/stat), for what others use meanwhile.

    User time of processes at a positive nice level is left out: they give way to the
    benchmark whenever it wants a core (e.g. a test run reniced to 19 beside it).
    """
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    user, _nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + system + irq + softirq + steal) / CLK_TCK


class OthersWindow:
    """CPU (in cores) used meanwhile by processes that are not this benchmark's: another
    benchmark on the same machine makes a phase's figures meaningless, so it is reported."""

    def __init__(self, run):
        self.pids = [os.getpid(), *run.own_pids]

    def __enter__(self):
        self.t0, self.busy0 = time.monotonic(), machine_busy()
        self.mine0 = sum(cpu_seconds(p) for p in self.pids)
        return self

    def __exit__(self, *exc):
        wall = time.monotonic() - self.t0
        mine = sum(cpu_seconds(p) for p in self.pids) - self.mine0
        self.cores = max(0.0, (machine_busy() - self.busy0 - mine) / wall)


OTHERS_LIMIT = 0.25  # cores used by other processes beyond which a phase is repeated / flagged


async def wait_quiet(run, limit: float = OTHERS_LIMIT, patience: float = 240) -> float:
    """Wait (bounded) until other processes use less than `limit` of a core over 3 s."""
    deadline = time.monotonic() + patience
    while True:
        with OthersWindow(run) as others:
            await asyncio.sleep(3)
        if others.cores < limit or time.monotonic() > deadline:
            if others.cores >= limit:
                print(f"   (others still use {others.cores:.2f} cores; going on)", flush=True)
            return others.cores
        print(f"   waiting: other processes use {others.cores:.2f} cores", flush=True)


def percentile(values, pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def ms(value: float) -> str:
    if value != value:  # nan
        return "–"
    return f"{value * 1000:,.0f}"


def pct_text(value: float) -> str:
    return "–" if value != value else f"{value:.0%}"


# --- Processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up:\n" + log.read_text()[-3000:])
        time.sleep(0.2)


def wait_tcp(port: int, proc: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"port {port} did not open:\n" + log.read_text()[-3000:])
        time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Workers:
    """The viewer processes (bench/board_viewers.py), driven by JSON lines."""

    def __init__(self, count: int, env: dict):
        self.count, self.env, self.procs = count, env, []

    async def start(self):
        for _ in range(self.count):
            self.procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    str(ROOT / "bench" / "board_viewers.py"),
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    env=self.env,
                    limit=2**24,
                )
            )

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    async def ask(self, commands: list[dict], timeout: float) -> list[dict]:
        async def one(proc, cmd):
            proc.stdin.write((json.dumps(cmd) + "\n").encode())
            await proc.stdin.drain()
            line = await proc.stdout.readline()
            if not line:
                raise RuntimeError("a viewer process died")
            return json.loads(line)

        return await asyncio.wait_for(
            asyncio.gather(*(one(p, c) for p, c in zip(self.procs, commands, strict=True))), timeout
        )

    async def stop(self):
        for proc in self.procs:
            if proc.returncode is None:
                try:
                    proc.stdin.write(b'{"op": "exit"}\n')
                    await proc.stdin.drain()
                except (BrokenPipeError, ConnectionResetError):
                    pass
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()


# --- One phase: N viewers on one kind of server ---------------------------------------------


class Run:
    """State of one variant's run."""

    def __init__(self, args, variant: str, workdir: Path):
        self.args, self.variant, self.workdir = args, variant, workdir
        self.phase_index = 0
        self.rows: list[dict] = []
        self.own_pids: list[int] = []
        self.warnings: list[str] = []
        self.problems: list[str] = []


async def connect_viewers(run: Run, workers: Workers, *, n: int, targets, mode: str) -> dict:
    args = run.args
    run.phase_index += 1
    k = workers.count
    t0 = time.monotonic() + 0.5
    commands = []
    for j in range(k):
        share = n // k + (1 if j < n % k else 0)
        # Worker j takes every k-th connection: together they offer --connect-rate.
        commands.append(
            {
                "op": "connect",
                "n": share,
                "targets": targets[j % len(targets) :] + targets[: j % len(targets)],
                "t0": t0 + j / args.connect_rate,
                "rate": args.connect_rate / k,
                "src": f"127.3.{run.phase_index}.{j + 1}",
                "mode": mode,
                "timeout": args.connect_timeout,
            }
        )
    replies = await workers.ask(commands, timeout=n / args.connect_rate + args.connect_timeout + 30)
    return {"t0": t0, "replies": replies}


async def dump(run: Run, workers: Workers, name: str) -> tuple[list, list]:
    paths = [run.workdir / f"{name}.viewers{j}.json" for j in range(workers.count)]
    await workers.ask([{"op": "dump", "path": str(p)} for p in paths], timeout=120)
    viewers, lags = [], []
    for p in paths:
        data = json.loads(p.read_text())
        viewers += data["viewers"]
        lags += data["lags"]
        p.unlink()
    return viewers, lags


async def close_viewers(workers: Workers) -> None:
    await workers.ask([{"op": "close"}] * workers.count, timeout=120)


def ramp_stats(viewers: list, t0: float) -> dict:
    opened = sorted(v[1] for v in viewers if v[1] is not None)
    served = sorted(v[2] for v in viewers if v[2] is not None)
    handshakes = [v[1] - v[0] for v in viewers if v[1] is not None]
    firsts = [v[2] - v[0] for v in viewers if v[2] is not None]
    return {
        "accepted": len(opened),
        "t_1000": opened[999] - t0 if len(opened) >= 1000 else float("nan"),
        "t_all": opened[-1] - t0 if opened and len(opened) == len(viewers) else float("nan"),
        "t_all_served": served[-1] - t0 if served and len(served) == len(viewers) else float("nan"),
        "handshake_p50": percentile(handshakes, 50),
        "handshake_p99": percentile(handshakes, 99),
        "first_p99": percentile(firsts, 99),
    }


def lag_p99(lags: list, lo: float, hi: float) -> float:
    return percentile([lag for t, lag in lags if lo <= t <= hi], 99)


def ended(viewers: list) -> dict:
    """Viewers whose connection ended (failed, closed by the server) before we closed them."""
    reasons: dict[str, int] = {}
    for v in viewers:
        if v[4] is not None:
            reasons[v[4][1]] = reasons.get(v[4][1], 0) + 1
    return reasons


async def bare_phase(run: Run, workers: Workers, n: int, bare: list[dict]) -> dict:
    args = run.args
    targets = [[f"ws://127.0.0.1:{b['port']}/", f"http://127.0.0.1:{b['port']}"] for b in bare]
    pids = [b["proc"].pid for b in bare]
    await wait_quiet(run, patience=args.patience)
    with (
        CpuWindow(pids) as ramp_cpu,
        CpuWindow(workers.pids) as ramp_ccpu,
        OthersWindow(run) as ramp_others,
    ):
        conn = await connect_viewers(run, workers, n=n, targets=targets, mode="bare")
    await asyncio.sleep(1.0)
    lo = time.monotonic()
    with CpuWindow(pids) as cpu, CpuWindow(workers.pids) as ccpu, OthersWindow(run) as others:
        await asyncio.sleep(args.window)
    hi = time.monotonic()
    await asyncio.sleep(3.0)  # the last tick of the window reaches everybody
    viewers, lags = await dump(run, workers, f"bare{n}")
    await close_viewers(workers)
    # seq is server id * SEQ_BASE + tick number (bench/bare_broadcast.py --id): unique per server.
    ticks = {}
    for v in viewers:
        for _t, seq, tick in v[3]:
            if lo <= tick <= hi:
                ticks[seq] = tick
    latencies = [t - tick for v in viewers for t, seq, tick in v[3] if seq in ticks]
    finals: dict[int, int] = {}  # server id -> its last tick in the window
    for seq in ticks:
        server = seq // SEQ_BASE
        finals[server] = max(finals.get(server, seq), seq)
    final_lat = []
    holding = missing_any = 0
    for v in viewers:
        seqs = {seq: t for t, seq, _tick in v[3]}
        if not seqs:
            missing_any += 1
            continue
        server = next(iter(seqs)) // SEQ_BASE
        final = finals.get(server)
        if final in seqs:
            holding += 1
            final_lat.append(seqs[final] - ticks[final])
        if any(s not in seqs for s in ticks if s // SEQ_BASE == server):
            missing_any += 1
    gone = ended(viewers)
    if gone:
        run.problems.append(f"bare {n}: viewers ended early: {gone}")
    return {
        "kind": "bare",
        "n": n,
        "ramp": ramp_stats(viewers, conn["t0"]),
        "ramp_cpu": sum(ramp_cpu.share),
        "ramp_client_cpu": sum(ramp_ccpu.share),
        "ramp_others": ramp_others.cores,
        "others": others.cores,
        "updates": round(len(ticks) / max(1, len(finals))),
        "delivery": [percentile(latencies, 50), percentile(latencies, 99)],
        "final_share": holding / n,
        "final_p99": percentile(final_lat, 99),
        "missing_any": missing_any,
        "cpu": cpu.share,
        "client_cpu": sum(ccpu.share),
        "client_lag_p99": lag_p99(lags, lo, hi),
        "ended": gone,
    }


def read_probe(path: Path, since: float) -> dict:
    """{"snap": {finished: first time}, "send": {pid: {finished: (send0, send1, viewers)}},
    "gc": [(pid, end, generation, seconds)]}."""
    snap: dict[int, float] = {}
    send: dict[int, dict[int, list]] = {}
    gcs: list[tuple] = []
    if not path.exists():
        return {"snap": snap, "send": send, "gc": gcs}
    for line in path.read_text().splitlines():
        pid, kind, t, finished, *extra = line.split()
        t, finished, pid = float(t), int(finished), int(pid)
        if t < since:
            continue
        if kind == "gc":
            gcs.append((pid, t, finished, float(extra[0])))
        elif kind == "snap":
            snap.setdefault(finished, t)
        elif kind == "send0":
            send.setdefault(pid, {}).setdefault(finished, [t, None, int(extra[0])])
        elif kind == "send1":
            entry = send.setdefault(pid, {}).setdefault(finished, [None, None, int(extra[0])])
            if entry[1] is None:
                entry[1] = t
    return {"snap": snap, "send": send, "gc": gcs}


async def finish_driver(run: Run, site_base: str, users: list[dict], rng) -> list[dict]:
    """Finish attempts one after another, like participants pressing "Submit", over HTTP."""
    import aiohttp

    args = run.args
    commits = []
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=30)
    ) as http:
        for user in users:
            await asyncio.sleep(rng.uniform(args.gap_min, args.gap_max))
            sent = time.monotonic()
            status, location = "error", ""
            try:
                async with http.post(
                    f"{site_base}/bai-thi/{user['token']}/nop-bai/",
                    data={"csrfmiddlewaretoken": user["csrftoken"]},
                    headers={
                        "Cookie": f"sessionid={user['sessionid']}; csrftoken={user['csrftoken']}"
                    },
                    allow_redirects=False,
                ) as response:
                    await response.read()
                    status, location = response.status, response.headers.get("Location", "")
            except (aiohttp.ClientError, TimeoutError) as exc:
                status = type(exc).__name__
            done = time.monotonic()
            ok = status == 302 and location.endswith("/ket-qua/")
            commits.append(
                {"token": user["token"], "sent": sent, "done": done, "ok": ok, "status": status}
            )
    return commits


async def site_phase(run: Run, workers: Workers, n: int, site: dict, users: list[dict]) -> dict:
    args = run.args
    from bench import board_db

    ports = site["ports"]
    targets = [
        [f"ws://127.0.0.1:{p}/ws/rounds/{site['round']}/board/", f"http://127.0.0.1:{p}"]
        for p in ports
    ]
    pids = [p.pid for p in site["procs"]]
    base = await asyncio.to_thread(board_db.finished_count, site["round"])
    await wait_quiet(run, patience=args.patience)
    profilers = start_profilers(run, site, n, "ramp")
    with (
        CpuWindow(pids) as ramp_cpu,
        CpuWindow(workers.pids) as ramp_ccpu,
        OthersWindow(run) as ramp_others,
    ):
        conn = await connect_viewers(run, workers, n=n, targets=targets, mode="site")
    stop_profilers(profilers)
    await asyncio.sleep(1.0)
    lo = time.monotonic()
    rng = random.Random(args.seed + n)
    with CpuWindow(pids) as cpu, CpuWindow(workers.pids) as ccpu, OthersWindow(run) as others:
        profilers = start_profilers(run, site, n, "window")
        commits = await finish_driver(run, f"http://127.0.0.1:{ports[0]}", users, rng)
        acked = [c for c in commits if c["ok"]]
        final = base + len(acked)
        # Wait (bounded) until every site process has written the final state to its viewers.
        deadline = time.monotonic() + args.settle
        while time.monotonic() < deadline:
            probe = read_probe(site["probe"], lo)
            if all(
                final in probe["send"].get(pid, {}) and probe["send"][pid][final][1] for pid in pids
            ):
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # and the bytes reach the viewers
    hi = time.monotonic()
    stop_profilers(profilers)
    viewers, lags = await dump(run, workers, f"site{n}")
    await close_viewers(workers)
    site["finished_tokens"] |= {c["token"] for c in acked}
    for c in commits:
        if not c["ok"]:
            run.problems.append(f"site {n}: finish of {c['token']} failed: {c['status']}")
    db_finished = await asyncio.to_thread(board_db.finished_count, site["round"])
    if db_finished != final:
        run.problems.append(f"site {n}: database has {db_finished} finished, expected {final}")

    probe = read_probe(site["probe"], lo)
    commit_at = {base + i + 1: c["done"] for i, c in enumerate(acked)}
    commit_sent = {base + i + 1: c["sent"] for i, c in enumerate(acked)}
    published = sorted(f for f in probe["snap"] if f > base)
    e2e, e2e_sent, fanout, final_lat = [], [], [], []
    holding = missing_any = negative = 0
    for v in viewers:
        log = v[3]
        got = {}
        for t, finished in log:
            got.setdefault(finished, t)
            if finished in probe["snap"] and finished > base:
                fanout.append(t - probe["snap"][finished])
        for k, c in commit_at.items():
            t = next((t for t, finished in log if finished >= k), None)
            if t is None:
                continue
            e2e.append(t - c)
            e2e_sent.append(t - commit_sent[k])
            negative += t < c
        if log and log[-1][1] == db_finished and v[4] is None:
            holding += 1
            if final in commit_at:
                final_lat.append(got[final] - commit_at[final])
        if any(f not in got for f in published):
            missing_any += 1
    gone = ended(viewers)
    if gone:
        run.problems.append(f"site {n}: viewers ended early: {gone}")
    if holding != n:
        run.problems.append(
            f"site {n}: {n - holding} viewers do not hold the final state ({db_finished} finished)"
        )
    other_messages = sum(v[5] for v in viewers)
    # Fan-out write loop per process: send0 -> send1, for the publishes in the window.
    loops = [
        e[1] - e[0]
        for per in probe["send"].values()
        for f, e in per.items()
        if f > base and e[0] is not None and e[1] is not None
    ]
    commit_to_publish = [probe["snap"][f] - commit_at[f] for f in published if f in commit_at]
    finish_http = [c["done"] - c["sent"] for c in acked]
    # Per publish: when it was computed, written, and received (relative to the snapshot).
    per_publish = []
    for f in published:
        snap_t = probe["snap"][f]
        got_f = [next((t for t, x in v[3] if x == f), None) for v in viewers]
        got_f = [t - snap_t for t in got_f if t is not None]
        sends = [e[f] for e in probe["send"].values() if f in e]
        span = (snap_t, snap_t + max(got_f or [0]))  # computed .. last receipt
        gc_in = [g for g in probe["gc"] if span[0] <= g[1] and g[1] - g[3] <= span[1]]
        per_publish.append(
            {
                "finished": f,
                "at": round(snap_t - lo, 3),
                "send0": [round(e[0] - snap_t, 4) for e in sends if e[0]],
                "send1": [round(e[1] - snap_t, 4) for e in sends if e[1]],
                "received": len(got_f),
                "p50": round(percentile(got_f, 50), 4),
                "p99": round(percentile(got_f, 99), 4),
                "max": round(max(got_f or [float("nan")]), 4),
                "gc_during_delivery": [[g[2], round(g[3], 4)] for g in gc_in],
            }
        )
    return {
        "kind": "site",
        "n": n,
        "ramp": ramp_stats(viewers, conn["t0"]),
        "ramp_cpu": sum(ramp_cpu.share),
        "ramp_client_cpu": sum(ramp_ccpu.share),
        "ramp_others": ramp_others.cores,
        "others": others.cores,
        "finishes": len(acked),
        "updates": len(published),
        "delivery": [percentile(fanout, 50), percentile(fanout, 99)],
        "e2e": [percentile(e2e, 50), percentile(e2e, 99)],
        "e2e_sent": [percentile(e2e_sent, 50), percentile(e2e_sent, 99)],
        "negative": negative,
        "commit_to_publish": [percentile(commit_to_publish, 50), max(commit_to_publish or [0])],
        "write_loop": [percentile(loops, 50), max(loops or [0])],
        "finish_http": [percentile(finish_http, 50), percentile(finish_http, 99)],
        "final_share": holding / n,
        "final_p99": percentile(final_lat, 99),
        "final_max": max(final_lat or [float("nan")]),
        "missing_any": missing_any,
        "cpu": cpu.share,
        "client_cpu": sum(ccpu.share),
        "client_lag_p99": lag_p99(lags, lo, hi),
        "other_messages": other_messages,
        "per_publish": per_publish,
        "gc": [
            [g[0], round(g[1] - lo, 3), g[2], round(g[3], 4)] for g in probe["gc"] if g[1] <= hi
        ],
        "ended": gone,
    }


def start_profilers(run: Run, site: dict, n: int, phase: str) -> list:
    if phase not in run.args.py_spy or n != max(run.viewer_counts):
        return []
    out = []
    for proc in site["procs"]:
        path = run.workdir / f"py-spy.{run.variant}.{n}.{phase}.{proc.pid}.txt"
        out.append(
            (
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "py-spy"),
                        "record",
                        "-p",
                        str(proc.pid),
                        "-r",
                        "200",
                        "-f",
                        "raw",
                        "-o",
                        str(path),
                        "--nonblocking",
                        "--threads",
                        "-d",
                        "600",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                ),
                path,
            )
        )
    run.profiles += [p for _proc, p in out]
    return out


def stop_profilers(profilers: list) -> None:
    for proc, _path in profilers:
        proc.send_signal(2)  # SIGINT: py-spy writes what it has
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def summarise_profile(path: Path, top: int = 25) -> str:
    """Self and inclusive sample shares by function from py-spy's raw (collapsed) output."""
    if not path.exists():
        return f"(no profile at {path})"
    self_samples: dict[str, int] = {}
    incl: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count = int(count)
        total += count
        frames = stack.split(";")
        self_samples[frames[-1]] = self_samples.get(frames[-1], 0) + count
        for frame in set(frames):
            incl[frame] = incl.get(frame, 0) + count
    lines = [f"{path.name}: {total} samples", "", "self:"]
    for frame, count in sorted(self_samples.items(), key=lambda x: -x[1])[:top]:
        lines.append(f"  {count / total:6.1%}  {frame}")
    lines.append("inclusive:")
    for frame, count in sorted(incl.items(), key=lambda x: -x[1])[:top]:
        lines.append(f"  {count / total:6.1%}  {frame}")
    return "\n".join(lines)


# --- One variant -----------------------------------------------------------------------------


def variant_env(variant: str, workdir: Path, experiment: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(workdir / "media"),
        BOARD_PROBE_LOG=str(workdir / "probe.log"),
        PYTHONPATH=str(ROOT),
        BOARD_EXPERIMENT=",".join(experiment),
    )
    if variant == "embedded":
        env["SQLITE_PATH"] = str(workdir / "db.sqlite3")
    else:
        env["DATABASE_URL"] = f"{PG_BASE}/{PG_DB}"
        env["REDIS_URL"] = REDIS_URL
        env["CACHE_KEY_PREFIX"] = "bench-board"
    return env


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{PG_BASE}/postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        capture_output=True,
    )


def redis_flush() -> None:
    subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], check=True, capture_output=True)


def code_version() -> str:
    """HEAD, plus the application files changed but not committed (the servers run the tree)."""

    def git(*cmd):
        return subprocess.run(
            ["git", "-C", str(ROOT), *cmd], capture_output=True, text=True, check=False
        ).stdout.rstrip("\n")  # porcelain lines start with a space: keep it

    dirty = [
        line[3:]
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
        if line[3:].endswith(".py") and not line[3:].startswith(("bench/", "tests/"))
    ]
    return git("rev-parse", "--short", "HEAD") + (
        f" + uncommitted {', '.join(dirty)}" if dirty else ""
    )


async def run_variant(run: Run, env: dict, built: dict, procs_count: int) -> None:
    args = run.args
    run.code_at_start = code_version()  # what the servers load
    logs = []
    site_ports = [free_port() for _ in range(procs_count)]
    site_procs = []
    for port in site_ports:
        log_path = run.workdir / f"daphne.{port}.log"
        logs.append(log_path)
        if args.server == "daphne":
            command = ["-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            server_env = env
        else:  # an experiment: uvicorn from --uvicorn-path, not in requirements.txt
            command = [
                "-m",
                "uvicorn",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--ws",
                "websockets-sansio",
                "--lifespan",
                "off",
            ]
            server_env = dict(env, PYTHONPATH=f"{ROOT}:{args.uvicorn_path}")
        site_procs.append(
            subprocess.Popen(
                [sys.executable, *command, "bench.board_asgi:application"],
                cwd=ROOT,
                env=server_env,
                stdout=open(log_path, "wb"),  # noqa: SIM115 (open for the server's life)
                stderr=subprocess.STDOUT,
            )
        )
    bare = []
    try:
        for port, proc in zip(site_ports, site_procs, strict=True):
            wait_http(f"http://127.0.0.1:{port}/healthz", proc, run.workdir / f"daphne.{port}.log")
        size = await snapshot_size(site_ports[0], built["round"])
        run.snapshot_bytes = size
        for server_id in range(1, procs_count + 1):
            port = free_port()
            log_path = run.workdir / f"bare.{port}.log"
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "bench" / "bare_broadcast.py"),
                    "--port",
                    str(port),
                    "--size",
                    str(size),
                    "--max-seconds",
                    str(args.max_seconds),
                    "--id",
                    str(server_id),
                ],
                cwd=ROOT,
                env=env,
                stdout=open(log_path, "wb"),  # noqa: SIM115 (open for the server's life)
                stderr=subprocess.STDOUT,
            )
            bare.append({"port": port, "proc": proc, "log": log_path})
            wait_tcp(port, proc, log_path)
        site = {
            "ports": site_ports,
            "procs": site_procs,
            "round": built["round"],
            "probe": Path(env["BOARD_PROBE_LOG"]),
            "finished_tokens": set(built["prefinished"]),
        }
        workers = Workers(args.workers, env)
        await workers.start()
        run.own_pids = [*(p.pid for p in site_procs), *(b["proc"].pid for b in bare), *workers.pids]
        try:
            users = list(built["to_finish"])
            for n in run.viewer_counts:
                for kind in ("bare", "site"):
                    for attempt in range(1 + args.retries):
                        print(f"[{run.variant}] {n} viewers: {kind} …", flush=True)
                        problems_before = len(run.problems)
                        if kind == "bare":
                            row = await bare_phase(run, workers, n, bare)
                        else:
                            mine, users = users[: args.finishes], users[args.finishes :]
                            row = await site_phase(run, workers, n, site, mine)
                        print("   ", brief(row), flush=True)
                        await asyncio.sleep(2)
                        others = max(row["ramp_others"], row["others"])
                        if others < OTHERS_LIMIT or attempt == args.retries:
                            break
                        # Another benchmark shared the cores: discard the phase, say so, repeat.
                        discarded = run.problems[problems_before:]
                        del run.problems[problems_before:]
                        run.warnings.append(
                            f"{kind} {n} repeated: other processes used {others:.2f} cores "
                            f"in the first try"
                            + (f" ({'; '.join(discarded)})" if discarded else "")
                        )
                    run.rows.append(row)
                    note_others(run, row)
        finally:
            await workers.stop()
        run.finished_tokens = site["finished_tokens"]
    finally:
        for b in bare:
            stop(b["proc"])
        for proc in site_procs:
            stop(proc)
    for log_path in logs:
        text = log_path.read_text(errors="replace")
        if "Traceback" in text:
            run.problems.append(f"{log_path.name}: {text.count('Traceback')} tracebacks")


def note_others(run: Run, row: dict) -> None:
    worst = max(row["ramp_others"], row["others"])
    if worst >= OTHERS_LIMIT:
        run.warnings.append(
            f"{row['kind']} {row['n']}: other processes used {worst:.2f} cores meanwhile"
        )


async def snapshot_size(port: int, round_id: int) -> int:
    """Bytes of the site's snapshot, as a viewer receives it (for the bare server's message)."""
    from websockets.asyncio.client import connect

    async with connect(
        f"ws://127.0.0.1:{port}/ws/rounds/{round_id}/board/",
        origin=f"http://127.0.0.1:{port}",
        compression=None,
        proxy=None,
    ) as ws:
        return len((await ws.recv()).encode())


def brief(row: dict) -> str:
    r = row["ramp"]
    text = (
        f"{row['kind']}: accepted {r['accepted']}/{row['n']}, 1,000 in {r['t_1000']:.1f} s, all in "
        f"{r['t_all']:.1f} s; delivery p50/p99 {ms(row['delivery'][0])}/{ms(row['delivery'][1])} "
        f"ms; final {row['final_share']:.1%} (p99 {ms(row['final_p99'])} ms); "
        f"server CPU {'+'.join(pct_text(c) for c in row['cpu'])}, client {row['client_cpu']:.0%}, "
        f"others {row['ramp_others']:.2f}/{row['others']:.2f} cores"
    )
    if row["kind"] == "site":
        text += (
            f"; commit->receipt p50/p99 {ms(row['e2e'][0])}/{ms(row['e2e'][1])} ms; "
            f"commit->publish p50/max {ms(row['commit_to_publish'][0])}/"
            f"{ms(row['commit_to_publish'][1])} ms"
        )
    return text


def variant_main(args) -> int:
    """Run one variant in this process (Django is set up for it), print and save the report."""
    variant = args.variant
    began = time.monotonic()
    command = os.environ.get("BOARD_FANOUT_COMMAND") or " ".join(
        [".venv/bin/python bench/board_fanout.py", *sys.argv[1:]]
    )
    workdir = Path(tempfile.mkdtemp(prefix=f"board-{variant}-", dir="/tmp"))
    env = variant_env(variant, workdir, args.experiment)
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # inherited by every child
    procs_count = 1 if variant == "embedded" else 2
    counts = [int(x) for x in (args.viewers or ("1000,2000,5000")).split(",")]
    run = Run(args, variant, workdir)
    run.viewer_counts = counts
    run.profiles = []
    if variant == "redis":
        redis_flush()
        psql(f"DROP DATABASE IF EXISTS {PG_DB}")
        psql(f"CREATE DATABASE {PG_DB}")
    import django

    django.setup()
    from bench import board_db

    try:
        participants = args.prefinished + args.finishes * len(counts) * (1 + args.retries)
        print(f"[{variant}] work directory {workdir}; set-up …", flush=True)
        built = board_db.build(participants=participants, prefinished=args.prefinished)
        if variant == "redis":
            redis_flush()  # the set-up's board generation bumps: start clean
        timed_out = False
        try:
            asyncio.run(
                asyncio.wait_for(
                    run_variant(run, env, built, procs_count),
                    timeout=args.max_seconds - (time.monotonic() - began),
                )
            )
        except TimeoutError:
            timed_out = True
            run.problems.append(f"the run hit --max-seconds {args.max_seconds:g}")
        print(f"[{variant}] checking the database …", flush=True)
        run.problems += board_db.check(
            built["round"],
            expected_finished=getattr(run, "finished_tokens", set(built["prefinished"])),
            participants=participants,
        )
    finally:
        from django.db import connections

        connections.close_all()
        if variant == "redis":
            redis_flush()
            psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": getattr(run, "code_at_start", "?"),
        "commit_at_end": code_version(),
        "variant": variant,
        "command": command,
        "workdir": str(workdir),
        "seconds": round(time.monotonic() - began),
        "snapshot_bytes": getattr(run, "snapshot_bytes", None),
        "nproc": os.cpu_count(),
    }
    text, met = report(run, meta)
    print()
    print(text)
    (workdir / "report.md").write_text(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
    if args.json:
        Path(args.json.replace(".json", f".{variant}.json")).write_text(
            json.dumps(
                {"meta": meta, "rows": run.rows, "problems": run.problems}, indent=1, default=str
            )
        )
    for path in run.profiles:
        print(summarise_profile(path))
    if timed_out or run.problems:
        return 1
    return 2 if args.strict and not met else 0


# --- Report ----------------------------------------------------------------------------------


def report(run: Run, meta: dict) -> tuple[str, bool]:
    a = run.args
    procs = (
        f"1 {a.server} process, SQLite, in-memory channel layer, local-memory cache"
        if run.variant == "embedded"
        else f"2 {a.server} processes, PostgreSQL, Redis (channels_redis pub/sub layer and cache)"
    )
    if a.experiment:
        procs += (
            f"; **experiment {', '.join(a.experiment)}** (bench/board_asgi.py, not the application)"
        )
    lines = [
        f"### Variant `{run.variant}`: {procs}",
        "",
        f"<!-- {meta['date']} servers started on commit {meta['commit']}"
        + (
            f" (HEAD at the end: {meta['commit_at_end']})"
            if meta["commit_at_end"] != meta["commit"]
            else ""
        )
        + f", whole run {meta['seconds']} s, work directory {meta['workdir']} -->",
        "",
        f"`{meta['command']}`",
        "",
        f"Snapshot {meta['snapshot_bytes']} bytes (the bare server sends the same size); "
        f"{a.finishes} attempts finished over HTTP per site phase, {a.gap_min:g}–{a.gap_max:g} s "
        f"apart; viewers offered at {a.connect_rate:g} connections/s from {a.workers} processes; "
        f"bare window {a.window:g} s.",
        "",
        "| viewers | server | accepted | 1,000 accepted | all accepted | handshake p99 "
        "| server CPU, ramp | other processes, ramp |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in run.rows:
        r = row["ramp"]
        lines.append(
            f"| {row['n']:,} | {row['kind']} | {r['accepted']:,} | {r['t_1000']:.1f} s "
            f"| {r['t_all']:.1f} s | {ms(r['handshake_p99'])} ms | {row['ramp_cpu']:.0%} "
            f"| {row['ramp_others']:.2f} cores |"
        )
    lines += [
        "",
        "| viewers | server | updates | delivery p50 / p99 ms | p99 ratio to bare "
        "| commit→receipt p50 / p99 ms | final state: share, p99 ms | viewers missing an update "
        "| server CPU (per process) | viewers' CPU | viewers' loop lag p99 | other processes |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    bare_p99 = {row["n"]: row["delivery"][1] for row in run.rows if row["kind"] == "bare"}
    for row in run.rows:
        ratio = row["delivery"][1] / bare_p99[row["n"]] if row["kind"] == "site" else 1.0
        e2e = f"{ms(row['e2e'][0])} / {ms(row['e2e'][1])}" if row["kind"] == "site" else "–"
        lines.append(
            f"| {row['n']:,} | {row['kind']} | {row['updates']} "
            f"| {ms(row['delivery'][0])} / {ms(row['delivery'][1])} | {ratio:.2f} | {e2e} "
            f"| {row['final_share']:.1%}, {ms(row['final_p99'])} | {row['missing_any']} "
            f"| {' + '.join(pct_text(c) for c in row['cpu'])} | {row['client_cpu']:.0%} "
            f"| {ms(row['client_lag_p99'])} ms | {row['others']:.2f} cores |"
        )
    lines += [
        "",
        "Site decomposition (per viewer count): commit→publish p50 / max (tick ≤ 0.5 s + "
        "coalescing ≤ 1 s + snapshot queries), fan-out write loop per process p50 / max, "
        "finish request p50 / p99, commit→receipt measured from the request's send instead "
        "of its response p50 / p99:",
        "",
    ]
    for row in run.rows:
        if row["kind"] != "site":
            continue
        lines.append(
            f"- {row['n']:,}: commit→publish {ms(row['commit_to_publish'][0])} / "
            f"{ms(row['commit_to_publish'][1])} ms; write loop {ms(row['write_loop'][0])} / "
            f"{ms(row['write_loop'][1])} ms; finish request {ms(row['finish_http'][0])} / "
            f"{ms(row['finish_http'][1])} ms; from send {ms(row['e2e_sent'][0])} / "
            f"{ms(row['e2e_sent'][1])} ms; final state max {ms(row['final_max'])} ms; "
            f"{row['negative']} receipts before the finish response arrived."
        )
    repeated = [w for w in run.warnings if " repeated: " in w]
    suspect = [w for w in run.warnings if " repeated: " not in w]
    if repeated:
        lines += [
            "",
            "Repeated because another program used the cores meanwhile (the table "
            "shows the repeat): " + "; ".join(repeated) + ".",
        ]
    if suspect:
        lines += [
            "",
            "**Not alone on the machine** (these phases' figures are suspect): "
            + "; ".join(suspect)
            + ".",
        ]
    lines += ["", "Targets:", "", "| target | measured | met |", "|---|---|---|"]
    met_all = True

    def target(text, value, met):
        nonlocal met_all
        met_all &= bool(met)
        lines.append(f"| {text} | {value} | {'yes' if met else '**no**'} |")

    sites = {row["n"]: row for row in run.rows if row["kind"] == "site"}
    if 2000 in sites:
        row = sites[2000]
        ratio = row["delivery"][1] / bare_p99[2000]
        target(
            "2,000 viewers: p99 delivery (publish→receipt) ≤ 2× bare", f"{ratio:.2f}×", ratio <= 2
        )
        ratio = row["e2e"][1] / bare_p99[2000]
        target(
            "2,000 viewers: p99 commit→receipt ≤ 2× bare (includes ≤ 1.5 s designed coalescing)",
            f"{ratio:.2f}× ({ms(row['e2e'][1])} ms)",
            ratio <= 2,
        )
    if 5000 in sites:
        row = sites[5000]
        target(
            "5,000 viewers: every viewer has the final state, p99 ≤ 2 s from commit",
            f"{row['final_share']:.1%}, p99 {ms(row['final_p99'])} ms",
            row["final_share"] == 1 and row["final_p99"] <= 2,
        )
    worst = max((row["ramp"]["t_1000"] for row in sites.values()), default=float("nan"))
    target(
        "1,000 new connections accepted within 10 s (worst site phase)",
        f"{worst:.1f} s",
        worst <= 10,
    )
    target(
        "no viewer closed or errored; every viewer holds the database's final count; "
        "the database holds exactly the attempts finished",
        "ok" if not run.problems else "; ".join(run.problems[:5]),
        not run.problems,
    )
    return "\n".join(lines) + "\n", met_all


# --- Entry -----------------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--variant", choices=["embedded", "redis", "all"], default="all")
    p.add_argument("--viewers", help="comma-separated viewer counts (default 1000,2000,5000)")
    p.add_argument("--finishes", type=int, default=20, help="HTTP finishes per site phase")
    p.add_argument("--gap-min", type=float, default=0.2)
    p.add_argument("--gap-max", type=float, default=0.8)
    p.add_argument("--prefinished", type=int, default=25)
    p.add_argument("--window", type=float, default=12, help="bare server window (s)")
    p.add_argument("--settle", type=float, default=10, help="wait for the final state (max s)")
    p.add_argument("--connect-rate", type=float, default=200, help="connections offered per s")
    p.add_argument("--connect-timeout", type=float, default=30)
    p.add_argument("--workers", type=int, default=2, help="viewer processes")
    p.add_argument(
        "--retries",
        type=int,
        default=1,
        help="repeat a phase (once by default) when other processes used the cores meanwhile",
    )
    p.add_argument(
        "--patience",
        type=float,
        default=240,
        help="wait at most this long (s) for other processes to quieten before a phase",
    )
    p.add_argument(
        "--py-spy",
        nargs="*",
        default=[],
        choices=["ramp", "window"],
        help="profile the site's processes (py-spy, raw) in these parts of the "
        "largest site phase: the connection ramp, the broadcast window",
    )
    p.add_argument(
        "--experiment",
        nargs="*",
        default=[],
        choices=["connect", "queued", "public"],
        help="NOT the application: apply a proposed change in-process "
        "(bench/board_asgi.py) to measure its effect",
    )
    p.add_argument(
        "--server",
        choices=["daphne", "uvicorn"],
        default="daphne",
        help="the site's ASGI server (uvicorn is an experiment: it is not in "
        "requirements.txt; give --uvicorn-path, a `pip install --target` directory)",
    )
    p.add_argument("--uvicorn-path", default="/tmp/board-uvicorn-pkgs")
    p.add_argument("--max-seconds", type=float, default=900, help="cap per variant")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", help="also write the figures to this JSON file")
    p.add_argument("--out", help="append the reports to this markdown file")
    p.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.variant != "all":
        return variant_main(args)
    # Each variant in its own process: Django's settings differ (SQLite vs PostgreSQL + Redis).
    status = 0
    os.environ["BOARD_FANOUT_COMMAND"] = " ".join(
        [".venv/bin/python bench/board_fanout.py", *(sys.argv[1:] if argv is None else argv)]
    )
    given = list(sys.argv[1:] if argv is None else argv)
    rest = []
    while given:
        item = given.pop(0)
        if item == "--variant":
            given.pop(0)
        elif not item.startswith("--variant="):
            rest.append(item)
    for variant in ("embedded", "redis"):
        code = subprocess.run(
            [sys.executable, __file__, "--variant", variant, *rest], check=False
        ).returncode
        status = max(status, code)
    return status


if __name__ == "__main__":
    sys.exit(main())
