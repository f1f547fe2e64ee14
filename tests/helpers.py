"""Small helpers the tests share: sign in, read a response whole, reload the reference data."""

import importlib

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext

# The data migrations that load reference data (roles, alliances, criteria, Declarations, working groups),
# in the order they run.
REFERENCE_DATA_LOADERS = [
    ("accounts.migrations.0002_roles", "create_roles"),
    ("alliances.migrations.0002_reference_data", "load"),
    ("alliances.migrations.0003_terms_of_reference_published_at", "publish_existing"),
    ("declarations.migrations.0002_reference_data", "load"),
    ("workinggroups.migrations.0002_reference_data", "load"),
]


def as_table_owner(sql: str, params=()) -> None:
    """Plain SQL as someone with the tables' owner role: on PostgreSQL they can switch the audit trail's
    append-only trigger off (the test suite connects as the owner), so the tamper tests run there too."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred: fire pending checks first, or ALTER TABLE refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def fetch(client: Client, address: str) -> tuple[int, bytes]:
    """GET a page or a file (status, body); reading a streamed download to its end closes the file."""
    response = client.get(address)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def load_reference_data() -> None:
    """Reload what the data migrations load (idempotent): a transactional test before ours may have flushed it."""
    for module_name, function in REFERENCE_DATA_LOADERS:
        getattr(importlib.import_module(module_name), function)(apps, None)


def change_url(obj: Model) -> str:
    """The admin page that changes `obj`."""
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def delete_url(obj: Model) -> str:
    """The admin page that deletes `obj`."""
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/delete/"


def count_queries(client: Client, address: str) -> int:
    """The number of SQL queries a GET of the page runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)
