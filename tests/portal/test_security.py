import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from audit.models import AppendOnlyError, AuditEntry
from audit.services import record
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_forms_are_protected_against_cross_site_requests(applicant):

    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post("/organisations/new/", {"legal_name": "Forged"})

    assert response.status_code == 403


def _check_deploy(**overrides):
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"SECURE_SSL_REDIRECT", "REDIS_URL"}},
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "portal.example.eu",
        "AUDIT_ANCHOR_KEY": "a-production-like-audit-anchor-key-0123456789",
        "BALLOT_SEAL_KEY": "a-production-like-ballot-seal-key-0123456789",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deployment_checks_are_clean_under_production_settings():
    # Only the settings are checked: nothing connects to this Redis.
    result = _check_deploy(REDIS_URL="redis://redis.internal:6379/0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_warn_when_production_has_no_redis():
    result = _check_deploy()

    assert result.returncode != 0
    assert "portal.W001" in result.stderr + result.stdout


def test_deployment_checks_warn_when_production_has_no_audit_anchor_key():
    result = _check_deploy(REDIS_URL="redis://redis.internal:6379/0", AUDIT_ANCHOR_KEY="")

    assert result.returncode != 0
    assert "portal.W002" in result.stderr + result.stdout


def test_deployment_checks_warn_when_production_has_no_ballot_seal_key():
    result = _check_deploy(REDIS_URL="redis://redis.internal:6379/0", BALLOT_SEAL_KEY="")

    assert result.returncode != 0
    assert "portal.W003" in result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_audit_entries_cannot_be_changed_or_deleted_through_the_model(applicant):
    organisation = factories.OrganisationFactory(owner=applicant)
    entry = record(actor=applicant, action="organisation.created", target=organisation)

    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_audit_trail_is_append_only_in_the_database_itself(applicant):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only (CI runs this on PostgreSQL)")
    organisation = factories.OrganisationFactory(owner=applicant)
    record(actor=applicant, action="organisation.created", target=organisation)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.update(reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == ""


def test_home_and_healthz_answer_head_requests_like_get(client, db):
    """Uptime monitors and link checkers send HEAD; a read-only page answers it as it answers GET."""
    assert client.head("/").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/").status_code == 405
