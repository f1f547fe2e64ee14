#!/bin/sh
# Runs once, when the PostgreSQL volume is created (docker-entrypoint-initdb.d), as the superuser.
# Two roles: portal_owner owns the schema and runs the migrations; portal_app is what the web, worker and
# beat connect as: it owns no table, so it can neither disable the audit trail's trigger nor TRUNCATE it,
# and the audit migration grants it only SELECT and INSERT on the trail (APP_DB_ROLE=portal_app).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$PORTAL_OWNER_PASSWORD" -v app_password="$PORTAL_APP_PASSWORD" <<'SQL'
CREATE ROLE portal_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE portal_app LOGIN PASSWORD :'app_password';
ALTER DATABASE portal OWNER TO portal_owner;
ALTER SCHEMA public OWNER TO portal_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE portal TO portal_app;
GRANT USAGE ON SCHEMA public TO portal_app;
-- Tables and sequences the owner creates are usable by the application from the start (data migrations
-- included); the audit migration then takes UPDATE, DELETE and TRUNCATE on the trail away again.
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO portal_app;
SQL
