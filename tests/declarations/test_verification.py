"""Tamper evidence anchored outside the row it protects: the fingerprints are in the append-only audit trail.

These run on SQLite and on PostgreSQL (DATABASE_URL); on PostgreSQL the trail itself cannot be rewritten.
"""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.selectors import entries_for
from audit.services import record
from declarations import services
from declarations.models import Signature
from documents.pdf import sha256_hex
from tests import factories
from tests.pdfs import fake_pdf_upload, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db

AUDIT_MISMATCH = "The signed PDF's fingerprint differs from the one recorded in the audit trail."


def rewrite_pdf_and_its_hash(signature, content):
    """The attack: replace the stored file, and rewrite the fingerprint in the row to match it."""
    with open(signature.pdf.path, "wb") as stored:
        stored.write(content)
    Signature.objects.filter(pk=signature.pk).update(pdf_sha256=sha256_hex(content))
    return Signature.objects.get(pk=signature.pk)


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_storing_the_pdf_writes_its_fingerprint_to_the_audit_trail(signature):
    entry = entries_for(signature).get(action="declaration.pdf_stored")

    assert entry.data == {"signature": signature.pk, "pdf_sha256": signature.pdf_sha256}
    signed = entries_for(signature.application).get(action="declaration.signed")
    assert signed.data["text_sha256"] == signature.text_sha256
    assert services.verify(signature).intact


def test_verification_catches_a_pdf_rewritten_together_with_its_hash_in_the_row(signature, applicant_client):
    tampered = rewrite_pdf_and_its_hash(signature, pdf_bytes(pages=2))

    result = services.verify(tampered)

    # The row and the file agree with each other; only the audit trail tells.
    assert result.problems == [AUDIT_MISMATCH]
    html = applicant_client.get(f"/declarations/{signature.pk}/verify/").content.decode()
    assert "Verification failed:" in html
    assert AUDIT_MISMATCH.replace("'", "&#x27;") in html


def test_verify_command_fails_on_a_pdf_rewritten_together_with_its_hash(signature, capsys):
    rewrite_pdf_and_its_hash(signature, pdf_bytes(pages=2))

    with pytest.raises(CommandError, match="1 signed Declaration"):
        call_command("verify_declarations")

    assert f"TAMPERED signature {signature.pk}" in capsys.readouterr().out


def test_verification_catches_a_text_rewritten_in_the_row_and_the_version(signature):
    forged = "Nothing declared."
    Signature.objects.filter(pk=signature.pk).update(text_signed=forged, text_sha256=sha256_hex(forged))
    type(signature.declaration_version).objects.filter(pk=signature.declaration_version_id).update(text=forged)

    result = services.verify(Signature.objects.select_related("declaration_version").get(pk=signature.pk))

    assert result.problems == ["The signed text's fingerprint differs from the one recorded in the audit trail."]


def test_verification_catches_a_scan_rewritten_together_with_its_hash(organisation, applicant):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last
    signature = services.sign(
        application=application, by=applicant, signatory_name="A", signatory_position="B", scan=pdf_upload()
    )
    services.store_signed_pdf(signature_id=signature.pk)
    forged = pdf_bytes(pages=3)
    with open(signature.scan.path, "wb") as stored:
        stored.write(forged)
    Signature.objects.filter(pk=signature.pk).update(scan_sha256=sha256_hex(forged))

    result = services.verify(Signature.objects.get(pk=signature.pk))

    assert result.problems == ["The scan's fingerprint differs from the one recorded in the audit trail."]


def test_a_forged_audit_entry_added_later_does_not_hide_the_original(signature):
    tampered = rewrite_pdf_and_its_hash(signature, pdf_bytes(pages=2))
    # Inserting is all the trail allows; the original entry stays, and the two disagree.
    record(
        actor=None,
        action="declaration.pdf_stored",
        target=tampered,
        data={"signature": tampered.pk, "pdf_sha256": tampered.pdf_sha256},
    )

    assert AUDIT_MISMATCH in services.verify(tampered).problems


@pytest.mark.postgres
def test_the_fingerprint_in_the_audit_trail_cannot_be_rewritten_on_postgresql(signature):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only (run with DATABASE_URL=postgres://…)")
    tampered = rewrite_pdf_and_its_hash(signature, pdf_bytes(pages=2))

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(action="declaration.pdf_stored").update(
            data={"signature": tampered.pk, "pdf_sha256": tampered.pdf_sha256}
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(action="declaration.pdf_stored").delete()

    assert services.verify(tampered).problems == [AUDIT_MISMATCH]


def test_migration_anchors_the_signatures_made_before_the_trail_held_their_fingerprints(organisation, applicant):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last
    version = application.alliance.declaration_versions.get(version=1)
    content = pdf_bytes()
    # A signature as the code before this change left it: no entry of the trail holds its PDF's fingerprint.
    old = Signature.objects.create(
        application=application,
        organisation=organisation,
        declaration_version=version,
        signatory_name="A",
        signatory_position="B",
        signed_by=applicant,
        signed_at=timezone.now(),
        text_signed=version.text,
        text_sha256=sha256_hex(version.text),
        pdf_sha256=sha256_hex(content),
    )
    old.pdf.save("declaration.pdf", ContentFile(content), save=True)
    assert "The audit trail holds no fingerprint of the signed PDF." in services.verify(old).problems

    migration = importlib.import_module("declarations.migrations.0004_anchor_existing_fingerprints")
    migration.anchor(apps, None)
    migration.anchor(apps, None)

    assert services.verify(old).intact
    assert entries_for(old).filter(action="declaration.anchored").count() == 1


def test_a_copy_identical_to_the_signed_pdf_is_confirmed(signature, applicant_client):
    with signature.pdf.open("rb") as stored:
        copy = stored.read()

    response = applicant_client.post(
        f"/declarations/{signature.pk}/verify/", {"copy": SimpleUploadedFile("my copy.pdf", copy)}
    )

    html = response.content.decode()
    assert "Identical:" in html
    assert sha256_hex(copy) in html


def test_a_different_pdf_is_reported_as_not_the_signed_one(signature, applicant_client):
    response = applicant_client.post(
        f"/declarations/{signature.pk}/verify/", {"copy": pdf_upload("declaration.pdf", pages=2)}
    )

    html = response.content.decode()
    assert "Not identical:" in html
    assert "Identical:" not in html


def test_the_original_copy_reveals_a_record_rewritten_since(signature, applicant_client):
    with signature.pdf.open("rb") as stored:
        original = stored.read()
    rewrite_pdf_and_its_hash(signature, pdf_bytes(pages=2))

    response = applicant_client.post(
        f"/declarations/{signature.pk}/verify/", {"copy": SimpleUploadedFile("original.pdf", original)}
    )

    assert "Your copy is the original, but the record has changed:" in response.content.decode()


def test_a_copy_that_is_not_a_pdf_is_refused_with_the_reason_and_not_kept(signature, applicant_client, settings):
    before = media_files(settings)

    response = applicant_client.post(
        f"/declarations/{signature.pk}/verify/", {"copy": fake_pdf_upload("declaration.pdf")}
    )

    html = response.content.decode()
    assert "this file is not a PDF (whatever its name says)" in html
    assert "Identical:" not in html and "Not identical:" not in html
    assert media_files(settings) == before


def test_another_organisation_can_neither_see_nor_check_a_copy_of_the_declaration(signature, client):
    client.force_login(factories.OrganisationFactory(owner=factories.UserFactory()).users.get())

    assert client.get(f"/declarations/{signature.pk}/verify/").status_code == 404
    assert client.post(f"/declarations/{signature.pk}/verify/", {"copy": pdf_upload()}).status_code == 404
