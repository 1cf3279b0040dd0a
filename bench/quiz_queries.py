#!/usr/bin/env python
"""Count the SQL queries (and write statements) each quiz endpoint makes, in-process.

    .venv/bin/python bench/quiz_queries.py [-v]

Builds a throw-away database under /tmp exactly as bench/quiz_load.py does, then drives one
participant through start, an answer, the prediction and the finish with django.test.Client
(the same views, middleware and queries as under daphne, without the ASGI server), printing the
number of queries per request and the median time in-process; -v prints the SQL too. The test
client keeps one database connection, as each of the server's long-lived threads does on SQLite
(CONN_MAX_AGE; config/asgi.py, config/settings/base.py).
The per-attempt answer limit is raised (QUIZ_ANSWERS_PER_ATTEMPT) so that repeats measure saves.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    verbose = "-v" in sys.argv
    workdir = Path(tempfile.mkdtemp(prefix="quiz-queries-", dir="/tmp"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        BENCH_STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        QUIZ_ANSWERS_PER_ATTEMPT="100000",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import quiz_db

    built = quiz_db.build(participants=2, rounds=("realistic",))
    user = built["users"][0]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_CSRFTOKEN=user["csrftoken"])
    client.cookies["sessionid"] = user["sessionid"]
    client.cookies["csrftoken"] = user["csrftoken"]
    keys = quiz_db.KeyReader(os.environ["SQLITE_PATH"])
    round_id = built["rounds"]["realistic"]
    token = None

    def measure(label, method, url, data=None, repeat=1):
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                response = getattr(client, method)(url, data or {})
                timings.append(time.perf_counter() - t)
        sql = [q["sql"] for q in queries.captured_queries]
        writes = [s for s in sql if re.match(r"\s*(INSERT|UPDATE|DELETE|BEGIN)", s, re.I)]
        print(
            f"{label:<28} {response.status_code}  {len(sql):>3} queries "
            f"({len(writes)} writes/BEGIN)  median {sorted(timings)[len(timings) // 2] * 1000:.1f} "
            "ms in-process"
        )
        if verbose:
            for statement in sql:
                print("      ", statement[:220])
        return response

    measure("trivial", "get", "/bench/trivial/", repeat=200)
    response = measure("start", "post", f"/dot-thi/{round_id}/bat-dau/")
    token = response["Location"].strip("/").split("/")[-1]
    item_keys = keys.keys(token)
    measure("question page (?q=2)", "get", f"/bai-thi/{token}/?q=2")
    answer_url = f"/bai-thi/{token}/tra-loi/"
    measure("answer", "post", answer_url, {"position": "1", "choice": item_keys[1][0]}, repeat=200)
    measure("prediction", "post", answer_url, {"prediction": "123"}, repeat=5)
    measure("review page", "get", f"/bai-thi/{token}/nop-bai/")
    measure("finish", "post", f"/bai-thi/{token}/nop-bai/", {"prediction": "124"})
    measure("result page", "get", f"/bai-thi/{token}/ket-qua/")
    keys.close()
    print(f"(database in {workdir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
