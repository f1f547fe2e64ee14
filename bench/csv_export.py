"""The full review-queue CSV at scale: time to its first byte, time to its last, and peak Python memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale .venv/bin/python bench/csv_export.py

The decision maker of seed_demo asks for /review/export.csv (every application of the queue, 10,000 with
seed_scale's defaults) through Django's test client, in-process, with bench/load.py's production settings.
Two runs: one timed (first byte: when the response, or its first streamed chunk, is there; last byte: the
whole body read), one under tracemalloc for the peak of Python memory. It prints figures, never fails.
"""

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import DECIDER  # noqa: E402  (sets up Django with load.py's production settings)

# isort: split
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

PATH = "/review/export.csv"


def export(client):
    """(seconds to the first byte, to the first application's row, to the last byte; bytes; rows)."""
    started = time.perf_counter()
    response = client.get(PATH)
    if response.status_code != 200:
        raise SystemExit(f"{PATH} answered {response.status_code}")
    if response.streaming:
        chunks = iter(response.streaming_content)
        first = next(chunks, b"")
        first_byte = time.perf_counter() - started
        if first.count(b"\n") < 2:  # the header came alone: wait for the first application's row
            first += next(chunks, b"")
        first_row = time.perf_counter() - started
        body = first + b"".join(chunks)
    else:
        first_byte = first_row = time.perf_counter() - started
        body = response.content
    return first_byte, first_row, time.perf_counter() - started, len(body), body.count(b"\n") - 1


def main():
    settings.ALLOWED_HOSTS.append("testserver")
    client = Client()
    client.force_login(User.objects.get(email=DECIDER))
    first_byte, first_row, last_byte, size, rows = export(client)
    tracemalloc.start()
    export(client)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"| {PATH} | {rows:,} rows | {size / 1024 / 1024:.1f} MiB | first byte {first_byte:.2f} s "
        f"| first row {first_row:.2f} s "
        f"| last byte {last_byte:.2f} s | peak Python memory {peak / 1024 / 1024:.0f} MiB |"
    )


if __name__ == "__main__":
    main()
