#!/usr/bin/env python
"""Page budget: every participant-facing page in-process and over HTTP (issue 13).

    .venv/bin/python bench/pages.py                 # about 6 min: set-up, in-process, HTTP
    .venv/bin/python bench/pages.py --quick         # smoke run, about 2 min
    .venv/bin/python bench/pages.py --no-http       # in-process only

Builds its own SQLite database under /tmp/pages-bench-* (migrate, collectstatic, the demo
contest of `seed_demo`, then `--units` more units, `--participants` participants with units,
a finished attempt each in the open round and `--in-progress` second attempts running, poems
and posters in the gallery with votes), with `bench.settings_pages`: `make run`'s settings
(config.settings.embedded, DJANGO_DEBUG=0) plus /bench/trivial/. The signed-in pages are
those of the demo participant thisinh01 (a finished attempt and a running one), logged in by
a session written with Django's SessionStore.

(a) In-process: django.test.Client in this process, one connection to the database. Per page
the median and p90 of the wall time and of this process's CPU time per request over
`--repeat` requests (at most `--page-seconds` s), after warm-up; the SQL queries of one request
counted separately (capturing them is not free). CPU time is what a request costs whatever
else the machine does; wall time is what the budget (median <= 5 ms) is judged on.

(b) HTTP: `make run`'s server (daphne config.asgi:application, its access log on as in
`make run`) and gunicorn (config.wsgi:application, one sync worker), both started here on the
same database with the same settings; wrk (`--connections`, `--seconds` per page and server,
the two servers alternating page by page) measures requests per second; the ratio is
daphne / gunicorn for the same page in the same run. Targets: trivial >= 50 %, pages >= 80 %.

Markdown on stdout and in the work directory's report.md; `--json FILE` for the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BUDGET_MS = 5.0
TARGET_TRIVIAL, TARGET_PAGE = 0.50, 0.80

# (label, URL name in the built data, signed in)
PAGES = [
    ("home, signed out", "home", False),
    ("home, signed in", "home", True),
    ("sign-up", "signup", False),
    ("profile form", "profile", True),
    ("round page", "round", True),
    ("attempt (question)", "attempt", True),
    ("review", "review", True),
    ("result", "result", True),
    ("board", "board", False),
    ("projector", "projector", False),
    ("gallery grid", "gallery", False),
    ("gallery entry", "entry", False),
]

PLACES = [
    "An Hiệp",
    "An Ninh",
    "Phú Tâm",
    "Thuận Hòa",
    "Hồ Đắc Kiện",
    "Phú Tân",
    "Thiện Mỹ",
    "Kế An",
    "Kế Thành",
    "Nhơn Mỹ",
    "Trinh Phú",
    "Đại Hải",
    "Ba Trinh",
    "Xuân Hòa",
    "Long Hưng",
    "Mỹ Hương",
    "Hưng Phú",
    "Mỹ Thuận",
    "Tài Văn",
    "Viên An",
    "Lịch Hội Thượng",
]
ODD_UNIT = 'Hội "Văn & Nghệ" <tỉnh>'  # must come out escaped wherever it is shown


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=300, help="units beside the demo's")
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--in-progress", type=int, default=400, help="second attempts running")
    parser.add_argument("--poems", type=int, default=240)
    parser.add_argument("--posters", type=int, default=120)
    parser.add_argument("--votes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=300, help="requests per page in-process")
    parser.add_argument("--page-seconds", type=float, default=6.0, help="cap per page in-process")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--seconds", type=float, default=8.0, help="wrk duration per page/server")
    parser.add_argument("--warmup", type=float, default=1.0, help="wrk warm-up per page/server")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=9000, help="daphne; gunicorn on the next")
    parser.add_argument("--only", default="", help="comma-separated page keys (home, round...)")
    parser.add_argument("--quick", action="store_true", help="small data, short runs")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL")
    args = parser.parse_args(argv)
    if args.quick:
        args.units, args.participants, args.in_progress = 300, 600, 100
        args.poems, args.posters, args.votes = 120, 40, 1500
        args.repeat, args.page_seconds, args.seconds, args.warmup = 100, 3.0, 3.0, 0.5
    return args


def environment(workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings_pages",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        GALLERY_PRIVATE_ROOT=str(workdir / "private"),
        SITE_BASE_URL="http://127.0.0.1:8000",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


# --- Set-up (Django) -------------------------------------------------------------------------


def build(args) -> dict:
    """The database, and the URLs and cookies of every page. Needs django.setup() first."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.urls import reverse
    from django.utils import timezone

    from bench.quiz_db import make_participants
    from contest.models import Participant, Unit
    from gallery.models import Entry, GalleryConfig, Vote
    from quizzes.models import Attempt, AttemptItem, Choice, Question, Round
    from quizzes.services.attempts import answer_save, attempt_start

    rng = random.Random(13)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    now = timezone.now()
    with transaction.atomic():
        Unit.objects.bulk_create(
            [
                Unit(
                    name=f"UBND xã {PLACES[i % len(PLACES)]} {i // len(PLACES) + 1}",
                    kind=Unit.Kind.PEOPLES_COMMITTEE,
                    headcount=rng.randint(20, 200),
                )
                for i in range(args.units - 1)
            ]
            + [Unit(name=ODD_UNIT, kind=Unit.Kind.PEOPLES_COMMITTEE, headcount=40)]
        )
        unit_ids = list(Unit.objects.values_list("pk", flat=True))
        users = make_participants(
            args.participants, prefix="pages", name="Thí sinh", phone="08", password=None
        )
        people = list(Participant.objects.filter(user__in=users).order_by("pk"))
        for person in people:
            person.unit_id, person.unit_other = rng.choice(unit_ids), ""
        Participant.objects.bulk_update(people, ["unit", "unit_other"])

        current = Round.objects.filter(closed_at__isnull=True).order_by("-opens_at").first()
        # Long enough for the whole run: the signed-in participant's attempt must not expire.
        Round.objects.filter(pk=current.pk).update(time_limit_minutes=240)
        current.refresh_from_db()
        _attempts(current, people, args.in_progress, rng, now, Attempt, AttemptItem, Question)

        gallery = GalleryConfig.objects.get()
        _entries(gallery, users, args, rng, now, Entry, Vote)

    # The signed-in participant: the demo's thisinh01, with a finished attempt in the open
    # round (the demo's) and a second one running (started here, two answers saved).
    me = Participant.objects.select_related("user").get(user__email="thisinh01@example.org")
    finished = Attempt.objects.filter(round=current, participant=me).finished().first()
    running = attempt_start(participant=me, round=current)
    for item in running.items.all()[:2]:
        answer_save(attempt=running, position=item.position, keys=[item.choice_keys[0][0]])
    session = SessionStore()
    session[SESSION_KEY] = str(me.user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = me.user.get_session_auth_hash()
    session.create()

    entry = Entry.objects.public().filter(kind=Entry.Kind.POSTER).order_by("pk").first()
    urls = {
        "home": reverse("home"),
        "signup": reverse("account_signup"),
        "profile": reverse("contest:profile-edit"),
        "round": reverse("quizzes:round-detail", args=[current.pk]),
        "attempt": reverse("quizzes:attempt-detail", args=[running.token]) + "?q=2",
        "review": reverse("quizzes:attempt-review", args=[running.token]),
        "result": reverse("quizzes:attempt-result", args=[finished.token]),
        "board": reverse("quizzes:round-board", args=[current.pk]),
        "projector": reverse("quizzes:round-screen", args=[current.pk]),
        "gallery": reverse("gallery:index"),
        "entry": reverse("gallery:entry-detail", args=[entry.pk]),
        "trivial": "/bench/trivial/",
    }
    counts = {
        "units": Unit.objects.count(),
        "participants": Participant.objects.count(),
        "attempts": Attempt.objects.count(),
        "attempt items": AttemptItem.objects.count(),
        "choices": Choice.objects.count(),
        "entries": Entry.objects.count(),
        "votes": Vote.objects.count(),
    }
    connections.close_all()
    return {
        "urls": urls,
        "cookies": {"sessionid": session.session_key, "csrftoken": secrets.token_hex(16)},
        "counts": counts,
    }


def _attempts(round, people, in_progress, rng, now, Attempt, AttemptItem, Question):
    """A finished, best attempt per participant in the open round; some second ones running."""
    pools: dict[int, list[int]] = {}
    choices: dict[int, list[tuple[int, bool]]] = {}
    questions = Question.objects.current().filter(bank_id=round.bank_id)
    for question in questions.prefetch_related("choices"):
        pools.setdefault(question.topic_id, []).append(question.pk)
        choices[question.pk] = [(c.pk, c.is_correct) for c in question.choices.all()]
    quotas = list(round.quotas.values_list("topic_id", "count"))
    span = max((now - round.opens_at).total_seconds() - 3600, 3600)

    def draw():
        drawn = [q for topic, count in quotas for q in rng.sample(pools[topic], count)]
        rng.shuffle(drawn)
        return drawn

    attempts, drawn_for = [], []
    for person in people:
        started = round.opens_at + timedelta(seconds=rng.uniform(0, span))
        taken = timedelta(seconds=rng.randint(180, 1100))
        attempts.append(
            Attempt(
                round=round,
                participant=person,
                number=1,
                started_at=started,
                deadline=started + timedelta(minutes=round.time_limit_minutes),
                finished_at=started + taken,
                finish_reason=Attempt.Finish.SUBMITTED,
                question_count=sum(c for _t, c in quotas),
                time_taken=taken,
                prediction=rng.randint(1, 400),
                is_best=True,
            )
        )
        drawn_for.append(draw())
    for person in people[:in_progress]:
        started = now - timedelta(minutes=rng.randint(1, 10))
        attempts.append(
            Attempt(
                round=round,
                participant=person,
                number=2,
                started_at=started,
                deadline=started + timedelta(minutes=round.time_limit_minutes),
                question_count=sum(c for _t, c in quotas),
            )
        )
        drawn_for.append(draw())
    Attempt.objects.bulk_create(attempts, batch_size=500)
    items = []
    for attempt, drawn in zip(attempts, drawn_for, strict=True):
        score = 0
        for position, question_id in enumerate(drawn, start=1):
            options = list(choices[question_id])
            rng.shuffle(options)
            right = [cid for cid, ok in options if ok]
            answered = attempt.finished_at is not None or position <= 5
            selected = (right if rng.random() < 0.8 else [options[0][0]]) if answered else []
            correct = sorted(selected) == sorted(right)
            score += correct
            items.append(
                AttemptItem(
                    attempt=attempt,
                    position=position,
                    question_id=question_id,
                    choice_keys=[[secrets.token_urlsafe(6), cid] for cid, _ok in options],
                    multiple=len(right) > 1,
                    selected=selected,
                    answered_at=attempt.started_at if selected else None,
                    is_correct=correct if attempt.finished_at else None,
                )
            )
        if attempt.finished_at:
            attempt.score = score
    AttemptItem.objects.bulk_create(items, batch_size=2000)
    Attempt.objects.bulk_update([a for a in attempts if a.finished_at], ["score"], batch_size=500)


def _entries(gallery, users, args, rng, now, Entry, Vote):
    """Approved poems and posters (the demo posters' renditions reused), and votes."""
    poster = Entry.objects.filter(gallery=gallery, kind=Entry.Kind.POSTER).first()
    lines = [
        "Một cửa sáng sớm người đông",
        "Hồ sơ gọn nhẹ thong dong ra về",
        "Dịch vụ công khắp làng quê",
        "Cải cách hành chính, bốn bề vui tươi",
    ]
    entries = []
    for i in range(args.poems + args.posters):
        author = users[i % len(users)]
        common = dict(
            gallery=gallery,
            author=author,
            status=Entry.Status.APPROVED,
            moderated_at=now,
            pledged_at=now,
            display_consent_at=now,
        )
        if i < args.poems:
            entries.append(
                Entry(
                    kind=Entry.Kind.POEM,
                    title=f"Bài thơ số {i + 1}",
                    pen_name=f"Bút danh {i}",
                    poem="\n".join(rng.sample(lines, 4) * 2),
                    **common,
                )
            )
        else:
            entries.append(
                Entry(
                    kind=Entry.Kind.POSTER,
                    title=f"Tranh cổ động số {i + 1}",
                    explanation="Tranh về dịch vụ công trực tuyến.",
                    image_key=poster.image_key,
                    renditions=poster.renditions,
                    image_width=poster.image_width,
                    image_height=poster.image_height,
                    **common,
                )
            )
    Entry.objects.bulk_create(entries, batch_size=500)
    entry_ids = list(Entry.objects.public().filter(gallery=gallery).values_list("pk", flat=True))
    seen, votes = set(), []
    while len(votes) < args.votes:
        voter, entry_id = rng.choice(users), rng.choice(entry_ids)
        if (voter.pk, entry_id) in seen:
            continue
        seen.add((voter.pk, entry_id))
        votes.append(Vote(entry_id=entry_id, voter=voter, ip_hash=secrets.token_hex(8)))
    Vote.objects.bulk_create(votes, batch_size=1000)


# --- (a) In-process --------------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def in_process(built, pages, args) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    for label, key, signed_in in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if signed_in:
            for name, value in built["cookies"].items():
                client.cookies[name] = value
        url = built["urls"][key]
        for _ in range(5):
            response = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Read now: every request (reset_queries on request_started) empties the log.
        query_count = len(queries.captured_queries)
        if args.sql:
            for query in queries.captured_queries:
                print(f"      {query['sql'][:240]}", file=sys.stderr)
        walls, cpus = [], []
        stop = time.perf_counter() + args.page_seconds
        while len(walls) < args.repeat and time.perf_counter() < stop:
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpus.append(time.process_time() - c)
            walls.append(time.perf_counter() - t)
        rows.append(
            {
                "page": label,
                "key": key,
                "url": url,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": query_count,
                "requests": len(walls),
                "median_ms": statistics.median(walls) * 1000,
                "p90_ms": percentile(walls, 0.9) * 1000,
                "cpu_median_ms": statistics.median(cpus) * 1000,
                "cpu_p90_ms": percentile(cpus, 0.9) * 1000,
            }
        )
        print(
            f"  {label:<20} {response.status_code} {rows[-1]['queries']:>3} queries  "
            f"median {rows[-1]['median_ms']:.2f} ms  p90 {rows[-1]['p90_ms']:.2f} ms  "
            f"cpu {rows[-1]['cpu_median_ms']:.2f} ms",
            file=sys.stderr,
        )
    return rows


# --- (b) HTTP --------------------------------------------------------------------------------


def wait_ready(url: str, process, timeout=60.0):
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} in {timeout:.0f} s")


def start_servers(args, env, workdir: Path) -> dict:
    daphne_port, gunicorn_port = args.port, args.port + 1
    commands = {
        # `make run`'s command line (Makefile), its settings and access log included.
        "daphne": [
            str(VENV_BIN / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(daphne_port),
            "--websocket_connect_timeout",
            "30",
            "config.asgi:application",
        ],
        "gunicorn": [
            str(VENV_BIN / "gunicorn"),
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{gunicorn_port}",
            "config.wsgi:application",
        ],
    }
    servers = {}
    for name, command in commands.items():
        log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 (the server's whole life)
        servers[name] = {
            "process": subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            "base": f"http://127.0.0.1:{daphne_port if name == 'daphne' else gunicorn_port}",
            "command": " ".join(
                Path(command[0]).name if i == 0 else c for i, c in enumerate(command)
            ),
        }
    for server in servers.values():
        wait_ready(server["base"] + "/bench/trivial/", server["process"])
    return servers


def stop_servers(servers):
    for server in servers.values():
        process = server["process"]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for server in servers.values():
        try:
            server["process"].wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server["process"].pid, signal.SIGKILL)


def wrk(url: str, cookie: str | None, args, seconds: float) -> dict:
    # wrk takes whole seconds.
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    return {
        "rps": rps,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
        "p50_ms": _ms(p50),
        "p99_ms": _ms(p99),
    }


def _ms(match) -> float | None:
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def http(built, pages, args, env, workdir) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if not (ROOT / "config" / "wsgi.py").exists():
        raise SystemExit("config/wsgi.py is missing: gunicorn has nothing to serve")
    cookie = "; ".join(f"{k}={v}" for k, v in built["cookies"].items())
    servers = start_servers(args, env, workdir)
    rows = []
    try:
        for label, key, signed_in in [("trivial view", "trivial", False), *pages]:
            row = {"page": label, "key": key}
            for name in ("daphne", "gunicorn"):
                url = servers[name]["base"] + built["urls"][key]
                if args.warmup:
                    wrk(url, cookie if signed_in else None, args, args.warmup)
                row[name] = wrk(url, cookie if signed_in else None, args, args.seconds)
            row["ratio"] = row["daphne"]["rps"] / row["gunicorn"]["rps"]
            rows.append(row)
            print(
                f"  {label:<20} daphne {row['daphne']['rps']:7.1f}/s  "
                f"gunicorn {row['gunicorn']['rps']:7.1f}/s  ratio {row['ratio']:.0%}",
                file=sys.stderr,
            )
    finally:
        stop_servers(servers)
    return {"rows": rows, "commands": {n: s["command"] for n, s in servers.items()}}


# --- Report ----------------------------------------------------------------------------------


def markdown(built, inproc, web, args, meta) -> str:
    out = [
        f"Data: {', '.join(f'{v:,} {k}' for k, v in built['counts'].items())}. "
        f"Machine: {meta['cpus']} CPUs, load average {meta['load_before']} before the "
        f"in-process part, {meta['load_after']} after it.",
        "",
        "In-process (django.test.Client, DEBUG off, cached templates; "
        f"up to {args.repeat} requests per page after 5 of warm-up; wall time by "
        "time.perf_counter, CPU time of this process by time.process_time, which a loaded "
        "machine inflates less):",
        "",
        "| page | status | queries | median ms | p90 ms | CPU median ms (process_time) | bytes "
        "| ≤ 5 ms (wall) |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for row in inproc:
        ok = "yes" if row["median_ms"] <= BUDGET_MS else "**no**"
        out.append(
            f"| {row['page']} | {row['status']} | {row['queries']} | {row['median_ms']:.2f} | "
            f"{row['p90_ms']:.2f} | {row['cpu_median_ms']:.2f} | {row['bytes']:,} | {ok} |"
        )
    if web:
        out += [
            "",
            f"HTTP (wrk -t{args.threads} -c{args.connections}, {args.seconds:g} s per page and "
            f"server after {args.warmup:g} s of warm-up, the servers alternating page by page):",
            "",
            f"- `make run`'s server: `{web['commands']['daphne']}`",
            f"- gunicorn: `{web['commands']['gunicorn']}`",
            "",
            "| page | daphne req/s | p50 / p99 ms | gunicorn req/s | p50 / p99 ms | ratio "
            "| target |",
            "|---|---:|---:|---:|---:|---:|:-:|",
        ]
        for row in web["rows"]:
            target = TARGET_TRIVIAL if row["key"] == "trivial" else TARGET_PAGE
            ok = "yes" if row["ratio"] >= target else "**no**"
            bad = [
                f"{n}: {row[n]['non_2xx']} non-2xx"
                for n in ("daphne", "gunicorn")
                if row[n]["non_2xx"]
            ]
            out.append(
                f"| {row['page']}{' (' + '; '.join(bad) + ')' if bad else ''} | "
                f"{row['daphne']['rps']:.1f} | {_pair(row['daphne'])} | "
                f"{row['gunicorn']['rps']:.1f} | {_pair(row['gunicorn'])} | "
                f"{row['ratio']:.0%} | ≥ {target:.0%} {ok} |"
            )
    return "\n".join(out) + "\n"


def _pair(result) -> str:
    p50, p99 = result["p50_ms"], result["p99_ms"]
    return f"{p50:.1f} / {p99:.1f}" if p50 is not None and p99 is not None else "–"


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="pages-bench-", dir="/tmp"))
    env = environment(workdir)
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    pages = PAGES
    if args.only:
        wanted = set(args.only.split(","))
        pages = [p for p in PAGES if p[1] in wanted]
    started = time.monotonic()
    print(f"Building the database in {workdir} …", file=sys.stderr)
    built = build(args)
    print(f"  built in {time.monotonic() - started:.0f} s: {built['counts']}", file=sys.stderr)
    meta = {"cpus": os.cpu_count(), "load_before": _load()}
    print("In-process:", file=sys.stderr)
    inproc = in_process(built, pages, args)
    meta["load_after"] = _load()
    web = None
    if not args.no_http:
        print("HTTP:", file=sys.stderr)
        web = http(built, pages, args, env, workdir)
    report = markdown(built, inproc, web, args, meta)
    (workdir / "report.md").write_text(report)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"counts": built["counts"], "in_process": inproc, "http": web, "meta": meta},
                indent=2,
            )
        )
    print(report)
    print(f"(total {time.monotonic() - started:.0f} s; work directory {workdir})", file=sys.stderr)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
