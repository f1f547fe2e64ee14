"""PostgreSQL: the trail refuses TRUNCATE, and the application's role may only read and append to it."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.db_roles import grant_statements
from audit.models import AuditEntry
from audit.services import record
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

APP_ROLE = "portal_app_test"


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("triggers and roles exist on PostgreSQL only (CI runs this on PostgreSQL)")


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_audit_trail_refuses_truncate(applicant):
    record(actor=applicant, action="organisation.created", target=factories.OrganisationFactory(owner=applicant))
    execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's deferred foreign keys: no pending trigger events
    execute("SET audit.allow_truncate = 'off'")
    try:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            execute("TRUNCATE audit_auditentry CASCADE")
    finally:
        execute("SET audit.allow_truncate = 'on'")
    assert AuditEntry.objects.count() >= 1


@pytest.fixture
def app_role(db):
    """A role like the application's: granted what the migration grants, owning nothing."""
    execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') "
        f"THEN CREATE ROLE {APP_ROLE} NOLOGIN; END IF; END $$"
    )
    for statement in grant_statements(APP_ROLE):
        execute(statement)
    return APP_ROLE


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET reason = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry CASCADE",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
        "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
    ],
)
def test_application_role_cannot_change_or_unguard_the_trail(applicant, app_role, statement):
    record(actor=applicant, action="organisation.created", target=factories.OrganisationFactory(owner=applicant))
    execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's deferred foreign keys: no pending trigger events
    with pytest.raises(DatabaseError, match="permission denied|must be owner|append-only"), transaction.atomic():
        execute(f"SET LOCAL ROLE {app_role}")
        execute(statement)


def test_application_role_can_append_to_the_trail_and_use_other_tables(applicant, app_role):
    organisation = factories.OrganisationFactory(owner=applicant)
    with transaction.atomic():
        execute(f"SET LOCAL ROLE {app_role}")
        entry = record(actor=applicant, action="organisation.changed", target=organisation)
        execute("UPDATE organisations_organisation SET acronym = 'X' WHERE id = %s", [organisation.pk])
        execute("RESET ROLE")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
