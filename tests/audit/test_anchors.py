"""The daily anchor: the chain's head signed, kept as a file in the media storage, as a row, and e-mailed."""

import json

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from audit.anchors import anchor_key, read_anchor
from audit.models import AuditAnchor, AuditEntry
from audit.services import record, write_anchor
from audit.tasks import anchor_head
from tests import factories
from tests.helpers import as_table_owner

pytestmark = pytest.mark.django_db


def test_anchor_head_writes_a_signed_digest_file_a_row_and_an_email(
    applicant, settings, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(owner=applicant)
    record(actor=applicant, action="organisation.changed", target=organisation)
    head = AuditEntry.objects.order_by("-id").first()

    with django_capture_on_commit_callbacks(execute=True):
        anchor_head.delay()

    row = AuditAnchor.objects.get()
    assert (row.entry_id, row.entry_hash) == (head.pk, head.entry_hash)
    path = settings.MEDIA_ROOT / row.file_name
    assert path.parent.name == "audit-anchors"
    digest = read_anchor(path)
    assert (digest.entry_id, digest.entry_hash, digest.signature) == (head.pk, head.entry_hash, row.signature)
    assert digest.signature_valid()
    assert json.loads(path.read_text())["anchored_at"].startswith(str(row.created_at.year))
    assert mail.outbox[-1].to == ["auditor@example.eu"]
    assert mail.outbox[-1].attachments[0][1].decode() == path.read_text()


def test_anchor_head_on_an_empty_trail_writes_nothing(db, django_capture_on_commit_callbacks):
    assert not AuditEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        anchor_head.delay()
    assert not AuditAnchor.objects.exists()


def test_anchor_signature_depends_on_the_key(applicant, settings):
    organisation = factories.OrganisationFactory(owner=applicant)
    record(actor=applicant, action="organisation.changed", target=organisation)

    digest = read_anchor(settings.MEDIA_ROOT / write_anchor().file_name)
    settings.AUDIT_ANCHOR_KEY = "another-key"
    assert not digest.signature_valid()


def test_anchor_key_is_required_in_production(settings):

    settings.AUDIT_ANCHOR_KEY, settings.DEBUG = "", False
    with pytest.raises(ImproperlyConfigured, match="AUDIT_ANCHOR_KEY"):
        anchor_key()
    settings.DEBUG = True
    assert len(anchor_key()) == 32


def test_anchor_head_logs_a_broken_chain_as_an_error(applicant, caplog, django_capture_on_commit_callbacks):
    organisation = factories.OrganisationFactory(owner=applicant)
    entry = record(actor=applicant, action="organisation.changed", target=organisation)
    as_table_owner("UPDATE audit_auditentry SET reason = 'rewritten' WHERE id = %s", [entry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        anchor_head.delay()

    assert f"Audit chain broken at entry #{entry.pk}" in caplog.text
    assert [r.levelname for r in caplog.records if "Audit chain broken" in r.getMessage()] == ["ERROR"]
