#!/usr/bin/env bash
# CI (after the PostgreSQL test pass): build a throwaway database the way docker-compose.yml does, with an
# owner role that runs the migrations and an application role that owns no table, then prove that the
# application role can append to the audit trail's database but can neither TRUNCATE nor unguard it.
# Needs a superuser at $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres) and trust or PGPASSWORD auth.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
DB=portal_roles_check
psql_super() { psql -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

psql_super -d postgres <<SQL
DROP DATABASE IF EXISTS $DB;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_owner') THEN CREATE ROLE portal_owner LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_app') THEN CREATE ROLE portal_app LOGIN; END IF;
END \$\$;
CREATE DATABASE $DB OWNER portal_owner;
SQL
# The same statements as deploy/postgres-init/10-roles.sh, for this database.
psql_super -d "$DB" <<SQL
ALTER SCHEMA public OWNER TO portal_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE $DB TO portal_app;
GRANT USAGE ON SCHEMA public TO portal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO portal_app;
SQL

run_portal() {
  env DEBUG=1 APP_DB_ROLE=portal_app \
    DATABASE_URL="postgres://portal_app@$PGHOST:$PGPORT/$DB" \
    MIGRATION_DATABASE_URL="postgres://portal_owner@$PGHOST:$PGPORT/$DB" \
    .venv/bin/python manage.py "$@"
}
run_portal migrate_as_owner --noinput
run_portal verify_audit

refused() {
  if psql -U portal_app -d "$DB" -v ON_ERROR_STOP=1 -q -c "$1" >/dev/null 2>&1; then
    echo "FAIL: the application role could run: $1" >&2
    exit 1
  fi
}
refused "TRUNCATE audit_auditentry CASCADE"
refused "UPDATE audit_auditentry SET reason = 'x'"
refused "DELETE FROM audit_auditentry"
refused "ALTER TABLE audit_auditentry DISABLE TRIGGER USER"
psql -U portal_app -d "$DB" -v ON_ERROR_STOP=1 -q -c "SELECT count(*) FROM audit_auditentry" >/dev/null

psql_super -d postgres -c "DROP DATABASE $DB"
echo "database roles: the application role owns no table and cannot rewrite the audit trail"
