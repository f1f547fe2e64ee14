"""A version for each database table, moved whenever the table is written; and the tables a piece of code reads.

Cached pages (common.page_cache) are kept for as long as the tables they were built from keep their versions.
The versions are moved by the statements themselves, not by model signals, so nothing can forget them:
`QuerySet.update()`, `bulk_create()`, raw SQL, Celery tasks and management commands all pass through `track`,
which `common.apps` installs on every database connection as it opens.

- A write (INSERT, UPDATE, DELETE, TRUNCATE) moves its table's version at once, so the next read in the same
  transaction already misses, and again when the transaction commits: a page built meanwhile from the data as
  it was before the commit is then left under a version nobody asks for.
- Any other statement that is not a read (a migration's DDL) moves `EVERYTHING`, which every page depends on;
  so does every `migrate` (a deploy: new code may show the same data differently) and Redis coming back after
  an outage (portal.cache: writes made meanwhile moved versions in one process's memory only).
- `WRITES` moves with every write: a page whose building saw it move is not kept at all.
- Inside `recording()`, the tables each SELECT names are collected.

The versions live in the shared cache without expiry; one evicted or lost only costs the pages that read its
table a fresh build.
"""

import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

PREFIX = "table-version:"
EVERYTHING = "*"
WRITES = "+"
# Written on nearly every request and never shown: a session write must not make every page stale.
IGNORED = frozenset({"django_session"})

# Writes that change nothing any kept page shows: a person's last login (update_last_login, at every login) is
# shown only in the Django admin, and moving the people's table at every login would rebuild every page.
UNSEEN_WRITES = re.compile(r'^UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"\."id" = %s$')

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?', re.IGNORECASE)
READ = re.compile(r"^\s*(?:SELECT|DECLARE|WITH)\b", re.IGNORECASE)
# Statements that neither read a table nor change one.
QUIET = re.compile(
    r"^\s*(?:SAVEPOINT|RELEASE|ROLLBACK|COMMIT|BEGIN|SET|SHOW|EXPLAIN|FETCH|CLOSE|LOCK|PRAGMA|VACUUM|ANALYZE)\b",
    re.IGNORECASE,
)
NAMED_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Reading:
    """What the code inside `recording()` did to the database."""

    tables: set[str] = field(default_factory=set)
    wrote: bool = False


_reading: ContextVar[Reading | None] = ContextVar("table_versions_reading", default=None)


@contextmanager
def recording() -> Iterator[Reading]:
    reading = Reading()
    token = _reading.set(reading)
    try:
        yield reading
    finally:
        _reading.reset(token)


def versions(tables: Iterable[str]) -> dict[str, str]:
    """The current version of each table; a table without one is given one now (so it can be compared later)."""
    keys = {PREFIX + table: table for table in tables}
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        for key, version in missing.items():
            cache.add(key, version, None)
        found.update(cache.get_many(missing))
    return {keys[key]: version for key, version in found.items()}


def current(tables: Iterable[str]) -> dict[str, str]:
    """The versions the tables have now; a table whose version was lost from the cache is left out."""
    keys = {PREFIX + table: table for table in tables}
    return {keys[key]: version for key, version in cache.get_many(keys).items()}


def unchanged(known: dict[str, str]) -> bool:
    """Whether every table still has the version it had (a version lost from the cache counts as changed)."""
    return current(known) == known


def get_with_versions(key: str, tables: Iterable[str]) -> tuple[Any, dict[str, str]]:
    """A cached value and the current versions of the tables it is said to depend on, in one cache read."""
    keys = {PREFIX + table: table for table in tables}
    found = cache.get_many([key, *keys])
    value = found.pop(key, None)
    return value, {keys[version_key]: version for version_key, version in found.items()}


def move(tables: Iterable[str]) -> None:
    version = uuid.uuid4().hex
    cache.set_many({PREFIX + table: version for table in {*tables, WRITES}}, None)


def track(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """The execute wrapper (see the module docstring)."""
    result = execute(sql, params, many, context)
    reading = _reading.get()
    if READ.match(sql):
        if reading is not None:
            reading.tables.update(NAMED_TABLE.findall(sql))
        return result
    if QUIET.match(sql):
        return result
    if UNSEEN_WRITES.match(sql):
        return result
    written = WRITE.match(sql)
    tables = {written.group(1)} if written else {EVERYTHING}
    if tables <= IGNORED:
        return result
    if reading is not None:
        reading.wrote = True
    move(tables)
    connection = context["connection"]
    if connection.in_atomic_block:
        _move_again_on_commit(connection, tables)
    return result


class PendingMoves:
    """The tables a transaction wrote, moved once more when it commits: one on_commit callback per transaction."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def move(self) -> None:
        move(self.tables)


def _move_again_on_commit(connection: Any, tables: set[str]) -> None:
    pending = getattr(connection, "_table_versions_pending", None)
    # A savepoint rolled back drops its callbacks: only a callback still queued can take more tables.
    if pending is None or not any(callback == pending.move for _ids, callback, _robust in connection.run_on_commit):
        pending = PendingMoves()
        connection._table_versions_pending = pending
        connection.on_commit(pending.move)
    pending.tables.update(tables)


def after_migrate(sender: Any, **kwargs: Any) -> None:
    """`post_migrate` receiver: `migrate` ends every deploy, even one without a migration; every page is rebuilt."""
    move({EVERYTHING})


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: put `track` on the connection, once."""
    if track not in connection.execute_wrappers:
        # First, so that a `with connection.execute_wrapper(...)` around the connecting code pops its own.
        connection.execute_wrappers.insert(0, track)
