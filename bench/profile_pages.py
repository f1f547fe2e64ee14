"""Where one page's time goes at scale: its SQL (count, time, the slowest with EXPLAIN ANALYZE) and a profile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale .venv/bin/python bench/profile_pages.py [PAGE ...]

The pages and their users are bench/load.py's; each is requested in-process through Django's test client
(production settings, as load.py serves them) after one warm-up request. For each page it prints the number
of queries and their total time, the five slowest with EXPLAIN (ANALYZE, BUFFERS) of the slowest two, and
the functions with the most cumulative time under cProfile. A benchmark tool: it prints, it never fails.
"""

import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import pages  # noqa: E402  (sets up Django with load.py's production settings)

# isort: split
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

SLOWEST = 5
EXPLAINED = 2
PROFILE_LINES = 25


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(f"      {row[0]}" for row in cursor.fetchall())


def profile(page):
    client = Client()
    if page.user:
        client.force_login(User.objects.get(email=page.user))
    client.get(page.path)  # warm-up: templates, connections
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
    elapsed = (time.perf_counter() - started) * 1000
    queries = list(captured.captured_queries)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"\n## {page.label} — {page.path} ({page.user or 'anonymous'})")
    print(f"status {response.status_code}, {len(response.content):,} bytes, {elapsed:.0f} ms in all")
    print(f"{len(queries)} queries, {sql_ms:.0f} ms in SQL, {elapsed - sql_ms:.0f} ms in Python")
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:SLOWEST]
    for rank, query in enumerate(slowest):
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
        if rank < EXPLAINED and query["sql"].lstrip().upper().startswith("SELECT"):
            print(explain(query["sql"]))
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(page.path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(PROFILE_LINES)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def main():
    settings.ALLOWED_HOSTS.append("testserver")
    wanted = sys.argv[1:]
    for page in pages():
        if not wanted or page.label in wanted:
            profile(page)


if __name__ == "__main__":
    main()
