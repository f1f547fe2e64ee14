"""Versions: written or uploaded, fingerprinted, frozen once a round or a ballot opened on them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from deliverables import services
from deliverables.models import Version
from documents.pdf import sha256_hex
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from tests.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db


def test_write_version_keeps_author_time_and_sha256(group):
    item, writer, version = fd.drafted(group)
    assert version.number == 1
    assert version.author == writer
    assert version.created_at is not None
    assert version.sha256 == sha256_hex(version.text)


def test_every_version_is_kept_and_numbered(group):
    item, writer, first = fd.drafted(group)
    second = services.write_version(deliverable=item, by=writer, text=fd.TEXT + "\nOne more paragraph.\n")
    assert second.number == 2
    assert list(Version.objects.filter(deliverable=item).values_list("number", flat=True)) == [2, 1]
    first.refresh_from_db()
    assert first.text == fd.TEXT


def test_write_version_by_non_rapporteur_is_refused(group):
    item, _writer, _version = fd.drafted(group)
    member, _org = fg.voter(group)
    with pytest.raises(PermissionDenied):
        services.write_version(deliverable=item, by=member, text="My own text")
    assert Version.objects.filter(deliverable=item).count() == 1


def test_empty_text_is_refused(group):
    item, writer, _version = fd.drafted(group)
    with pytest.raises(ValidationError, match="Write the text"):
        services.write_version(deliverable=item, by=writer, text="   ")


def test_upload_version_pdf_sha256_of_bytes(group):
    item, writer, _version = fd.drafted(group)
    content = pdf_bytes()
    version = services.upload_version(
        deliverable=item, by=writer, uploaded_file=SimpleUploadedFile("draft.pdf", content, "application/pdf")
    )
    assert version.is_pdf
    assert version.sha256 == sha256_hex(content)
    assert version.pdf_name == "draft.pdf"


def test_upload_not_a_pdf_is_refused(group):
    item, writer, _version = fd.drafted(group)
    with pytest.raises(ValidationError, match="not a PDF"):
        services.upload_version(
            deliverable=item, by=writer, uploaded_file=SimpleUploadedFile("x.pdf", b"hello", "application/pdf")
        )


def test_update_unfrozen_version_changes_text_and_hash(group):
    item, writer, version = fd.drafted(group)
    updated = services.update_version(version=version, by=writer, text="Corrected paragraph.")
    assert updated.sha256 == sha256_hex("Corrected paragraph.\n")


def test_version_frozen_by_comment_round_refuses_change(group):
    item, writer, version, _round = fd.in_round(group)
    with pytest.raises(ValidationError, match="frozen"):
        services.update_version(version=version, by=writer, text="Sneaky change.")
    version.refresh_from_db()
    assert version.text == fd.TEXT


def test_version_changes_after_its_ballot_opened_is_refused(group):
    item, writer, version = fd.drafted(group)
    chair = fd.chair(group)[0]
    services.put_to_vote(version=version, by=chair, closes_at=timezone.now() + timedelta(days=1))
    version.refresh_from_db()
    assert version.is_frozen
    with pytest.raises(ValidationError):
        services.update_version(version=version, by=writer, text="Changed while the vote runs.")
    version.refresh_from_db()
    assert version.text == fd.TEXT


def test_no_new_version_while_put_to_vote(group):
    item, writer, version = fd.drafted(group)
    services.put_to_vote(version=version, by=fd.chair(group)[0], closes_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="no new version"):
        services.write_version(deliverable=item, by=writer, text="Version during the vote.")
