"""A signed Declaration never stays "being prepared": the task retries, and a sweep renders what was left."""

import io
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core.management import CommandError, call_command
from django.db import InterfaceError, OperationalError
from pypdf import PdfReader

from audit.selectors import entries_for
from declarations import services, tasks
from declarations.models import Signature
from documents.pdf import sha256_hex
from tests import factories

pytestmark = pytest.mark.django_db


def signature_without_pdf(organisation, applicant, *, minutes_ago):
    """Signed through the service; its rendering task never ran (it runs after a commit the test never makes)."""
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last
    signature = services.sign(
        application=application, by=applicant, signatory_name="Anna de Vries", signatory_position="CEO"
    )
    Signature.objects.filter(pk=signature.pk).update(signed_at=signature.signed_at - timedelta(minutes=minutes_ago))
    signature.refresh_from_db()
    assert not signature.pdf_ready
    return signature


@pytest.fixture
def broken_storage(settings, tmp_path):
    """MEDIA_ROOT is a plain file: storing any PDF fails with a real OSError, as a full or lost volume would."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = blocker
    return settings


def assert_pdf_a_of(signature):
    with signature.pdf.open("rb") as stored:
        content = stored.read()
    assert sha256_hex(content) == signature.pdf_sha256
    reader = PdfReader(io.BytesIO(content))
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert "Anna de Vries" in "".join(page.extract_text() for page in reader.pages)


def test_sweep_renders_a_signature_left_without_its_pdf(organisation, applicant, django_capture_on_commit_callbacks):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=11)

    with django_capture_on_commit_callbacks(execute=True):
        enqueued = tasks.render_missing_pdfs.delay().get()

    assert enqueued == [signature.pk]
    signature.refresh_from_db()
    assert signature.pdf_ready
    assert_pdf_a_of(signature)
    assert services.verify(signature).intact


def test_sweep_leaves_a_recent_signature_to_its_own_task(organisation, applicant, django_capture_on_commit_callbacks):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=2)

    with django_capture_on_commit_callbacks(execute=True):
        enqueued = tasks.render_missing_pdfs.delay().get()

    assert enqueued == []
    signature.refresh_from_db()
    assert not signature.pdf_ready


def test_sweep_run_twice_renders_and_records_the_pdf_once(organisation, applicant, django_capture_on_commit_callbacks):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.render_missing_pdfs.delay()
    signature.refresh_from_db()
    first = signature.pdf_sha256
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.render_missing_pdfs.delay().get() == []
    # A duplicate task (the sweep racing a slow first attempt) changes nothing either.
    tasks.render_signed_declaration.delay(signature.pk)

    signature.refresh_from_db()
    assert signature.pdf_sha256 == first
    assert entries_for(signature).filter(action="declaration.pdf_stored").count() == 1


def test_render_task_retries_a_storage_failure_and_the_sweep_renders_once_storage_is_back(
    organisation, applicant, broken_storage, tmp_path, django_capture_on_commit_callbacks
):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=15)

    # Run eagerly, the task hands back the retry it would schedule on a worker, with the error that caused it.
    with pytest.raises(Retry) as retry:
        tasks.render_signed_declaration.delay(signature.pk)
    assert isinstance(retry.value.exc, OSError)
    signature.refresh_from_db()
    assert not signature.pdf_ready

    broken_storage.MEDIA_ROOT = tmp_path / "media-restored"
    with django_capture_on_commit_callbacks(execute=True):
        tasks.render_missing_pdfs.delay()

    signature.refresh_from_db()
    assert signature.pdf_ready
    assert services.verify(signature).intact


def test_render_task_retries_transient_errors_beyond_storage():
    assert {OSError, OperationalError, InterfaceError} <= set(tasks.render_signed_declaration.autoretry_for)
    assert tasks.render_signed_declaration.max_retries >= 3


def test_render_command_renders_missing_pdfs_here_and_now(organisation, applicant, capsys):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=60)
    recent = signature_without_pdf(factories.OrganisationFactory(owner=applicant), applicant, minutes_ago=1)

    call_command("render_declaration_pdfs")

    out = capsys.readouterr().out
    assert f"rendered signature {signature.pk}" in out
    assert "1 signed Declaration PDF(s) rendered." in out
    signature.refresh_from_db()
    recent.refresh_from_db()
    assert signature.pdf_ready and not recent.pdf_ready
    assert_pdf_a_of(signature)


def test_render_command_reports_each_failure_and_fails(organisation, applicant, broken_storage, capsys):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=60)

    with pytest.raises(CommandError, match="1 of 1 signed Declaration PDF"):
        call_command("render_declaration_pdfs")

    assert f"FAILED   signature {signature.pk}" in capsys.readouterr().err
    signature.refresh_from_db()
    assert not signature.pdf_ready


def test_a_failed_rendering_is_logged_as_an_error_for_the_operator(organisation, applicant, broken_storage, caplog):
    signature = signature_without_pdf(organisation, applicant, minutes_ago=15)

    with pytest.raises(Retry):
        tasks.render_signed_declaration.delay(signature.pk)

    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [record.name for record in errors] == ["declarations.services"]
    assert f"signed Declaration {signature.pk} failed" in errors[0].getMessage()
