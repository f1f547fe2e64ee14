"""Each audit entry carries the hash of the one before it; the hash covers every field."""

import pytest

from audit import chain
from audit.models import AuditEntry
from audit.services import record
from audit.verification import chain_rows, verify_trail
from tests import factories

pytestmark = pytest.mark.django_db


def test_record_links_each_entry_to_the_one_before(applicant):
    organisation = factories.OrganisationFactory(owner=applicant)
    before = AuditEntry.objects.order_by("-id").first()
    first = record(actor=applicant, action="organisation.changed", target=organisation, data={"fields": ("a", "b")})
    second = record(actor=applicant, action="organisation.invited", target=organisation, reason="R&D <team>")

    assert first.previous_hash == (before.entry_hash if before else chain.GENESIS)
    assert second.previous_hash == first.entry_hash
    assert len(second.entry_hash) == 64 and second.entry_hash != first.entry_hash


def test_record_hash_matches_what_the_database_gives_back(applicant):
    organisation = factories.OrganisationFactory(owner=applicant)
    record(actor=applicant, action="organisation.changed", target=organisation, data={"n": 1, "list": ("x",)})

    report = verify_trail()
    assert report.ok, report.problem
    assert report.head_hash == AuditEntry.objects.order_by("-id").first().entry_hash
    assert report.checked == AuditEntry.objects.count()


def test_entry_digest_changes_with_every_field(applicant):
    organisation = factories.OrganisationFactory(owner=applicant)
    record(actor=applicant, action="organisation.changed", target=organisation, data={"k": "v"})
    fields = list(chain_rows())[-1]
    original = chain.entry_digest(fields)
    for name, value in [
        ("action", "organisation.deleted"),
        ("actor_id", None),
        ("target_id", "999"),
        ("reason", "x"),
        ("data", {"k": "w"}),
        ("to_state", "approved"),
        ("previous_hash", "f" * 64),
        ("created_at", "2020-01-01T00:00:00.000000Z"),
    ]:
        assert chain.entry_digest({**fields, name: value}) != original, name


def test_verify_names_the_first_entry_whose_content_changed():
    rows = []
    previous = chain.GENESIS
    for number in range(1, 4):
        row = {
            "id": number,
            "created_at": "2026-01-01T00:00:00.000000Z",
            "actor_id": None,
            "action": "x",
            "target_type": "organisations.organisation",
            "target_id": "1",
            "target_repr": "Org",
            "from_state": "",
            "to_state": "",
            "reason": "",
            "data": {},
            "previous_hash": previous,
        }
        row["entry_hash"] = previous = chain.entry_digest(row)
        rows.append(row)
    assert chain.verify(rows).ok
    rows[1] = {**rows[1], "reason": "rewritten"}
    report = chain.verify(rows)
    assert (report.broken_id, report.checked) == (2, 1)
    assert "content does not match" in report.problem
