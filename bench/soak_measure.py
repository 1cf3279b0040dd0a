"""What bench/soak.py measures beside the requests: CPU by component and its own loop lag."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from bench.quiz_load import cpu_seconds as _cpu_seconds
from bench.quiz_load import machine_busy  # all cores, niced processes included


def cpu_seconds(pid: int) -> float | None:
    try:
        return _cpu_seconds(pid)
    except (FileNotFoundError, ProcessLookupError):
        return None


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


class CpuSampler:
    """Every second, CPU used by each part of the run; summed over the 'load' mark's span."""

    def __init__(self, ctx: dict, extra_pids: list[int]):
        self.ctx, self.extra = ctx, extra_pids
        self.last: dict[int, float] = {}
        self.totals: dict[str, float] = {}
        self.phase = None
        self.phase_start = self.phase_end = None
        self.task = None

    def groups(self) -> dict[str, list[int]]:
        ctx = self.ctx
        groups = {"load generator": [os.getpid(), *self.extra]}
        if ctx["topology"] == "scaled":
            run_dir = ctx["run_dir"]
            # granian (wsgi-*.pid) and the worker process it starts, which serves the pages.
            wsgi = [p for p in (_read_pid(f) for f in run_dir.glob("wsgi-*.pid")) if p]
            groups["WSGI workers"] = [*wsgi, *(c for p in wsgi for c in _children(p))]
            groups["daphne workers"] = [
                p for p in (_read_pid(f) for f in run_dir.glob("daphne-*.pid")) if p
            ]
            master = _read_pid(run_dir / "nginx.pid")
            groups["nginx"] = [master, *_children(master)] if master else []
            redis = ctx["redis"].proc
            groups["this run's Redis"] = [redis.pid] if redis else []
            groups["PostgreSQL (all databases)"] = [
                int(p) for p in os.listdir("/proc") if p.isdigit() and _comm(int(p)) == "postgres"
            ]
        else:
            groups["daphne"] = [ctx["server_pid"]]
        return groups

    def sample(self) -> None:
        busy = machine_busy()
        used = 0.0
        for name, pids in self.groups().items():
            delta = 0.0
            for pid in pids:
                now = cpu_seconds(pid)
                if now is None:
                    continue
                # A process first seen now (a restarted worker) counts from its birth.
                delta += now - self.last.get(pid, 0.0 if self.phase else now)
                self.last[pid] = now
            used += delta
            if self.phase == "load":
                self.totals[name] = self.totals.get(name, 0.0) + delta
        if self.phase == "load":
            other = busy - self.busy_last - used
            self.totals["everything else"] = self.totals.get("everything else", 0.0) + other
        self.busy_last = busy

    async def _run(self) -> None:
        while True:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(1)

    def start(self) -> None:
        self.busy_last = machine_busy()
        self.sample()
        self.task = asyncio.create_task(self._run())

    def mark(self, phase: str) -> None:
        self.sample()
        if phase == "load":
            self.phase_start = time.monotonic()
        elif self.phase == "load":
            self.phase_end = time.monotonic()
        self.phase = phase

    def stop(self) -> dict[str, float]:
        self.task.cancel()
        end = self.phase_end or time.monotonic()
        wall = max(1e-9, end - (self.phase_start or end))
        return {name: max(0.0, seconds) / wall for name, seconds in self.totals.items()}


class LagWatch:
    """This process's event-loop lag: how late a 50 ms sleep wakes up, with when."""

    def __init__(self):
        self.lags: list[tuple[float, float]] = []  # (perf_counter, lag s)
        self.task = None

    async def _run(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.05)
            now = time.perf_counter()
            self.lags.append((now, now - t - 0.05))

    def start(self) -> None:
        self.task = asyncio.create_task(self._run())

    def stop(self) -> list[tuple[float, float]]:
        self.task.cancel()
        return self.lags
