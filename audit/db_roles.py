"""What the application's database role may do (PostgreSQL): read and write the tables, but only read and
append to the audit trail and its anchors. Run by the owner role in a migration when APP_DB_ROLE is set."""

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

APPEND_ONLY_TABLES = ("audit_auditentry", "audit_auditanchor")


def grant_statements(role: str) -> list[str]:
    quoted = '"' + role.replace('"', '""') + '"'
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        # Tables and sequences later migrations create (as the owner) are granted the same.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {quoted}")
        statements.append(f"GRANT SELECT, INSERT ON {table} TO {quoted}")
    return statements


def grant_application_role(schema_editor: BaseDatabaseSchemaEditor, role: str) -> None:
    if schema_editor.connection.vendor != "postgresql" or not role:
        return
    for statement in grant_statements(role):
        schema_editor.execute(statement)
