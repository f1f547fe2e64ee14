import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from declarations import services
from declarations.models import Signature
from documents.pdf import sha256_hex
from tests import factories
from tests.factories import applicants as fa
from tests.factories import reviews as rf
from tests.pdfs import fake_pdf_upload, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def test_signing_records_the_exact_text_its_fingerprint_the_signatory_and_the_time(signature, applicant):
    version = signature.declaration_version
    assert signature.text_signed == version.text
    assert signature.text_sha256 == sha256_hex(version.text)
    assert (signature.signatory_name, signature.signatory_position) == ("Anna de Vries", "CEO")
    assert signature.signed_by == applicant
    assert signature.signed_at is not None


def test_signed_pdf_is_a_pdf_a_document_stored_with_its_fingerprint(signature):
    with signature.pdf.open("rb") as stored:
        content = stored.read()

    assert content.startswith(b"%PDF-")
    assert sha256_hex(content) == signature.pdf_sha256
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Anna de Vries" in text
    assert signature.text_sha256 in text.replace("\n", "")
    catalog = reader.trailer["/Root"]
    assert b"pdfaid:part" in catalog["/Metadata"].get_object().get_data()  # PDF/A identification (XMP)
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"


def test_rendering_twice_keeps_the_first_pdf(signature):
    first = signature.pdf_sha256

    services.store_signed_pdf(signature_id=signature.pk)

    signature.refresh_from_db()
    assert signature.pdf_sha256 == first


def test_signing_task_renders_the_pdf_after_commit(organisation, applicant, django_capture_on_commit_callbacks):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last

    with django_capture_on_commit_callbacks(execute=True):
        signature = services.sign(application=application, by=applicant, signatory_name="A", signatory_position="B")

    signature.refresh_from_db()
    assert signature.pdf_ready


def test_verification_of_an_untouched_signature_is_intact(signature, applicant_client):
    assert services.verify(signature).intact

    response = applicant_client.get(f"/declarations/{signature.pk}/verify/")
    assert "Intact:" in response.content.decode()


def test_verification_detects_a_replaced_pdf(signature, applicant_client):
    with open(signature.pdf.path, "wb") as stored:
        stored.write(factories_pdf())

    result = services.verify(Signature.objects.get(pk=signature.pk))

    assert not result.intact
    assert "The signed PDF no longer matches its fingerprint." in result.problems
    response = applicant_client.get(f"/declarations/{signature.pk}/verify/")
    assert "Verification failed:" in response.content.decode()


def test_verification_detects_an_altered_text(signature):
    Signature.objects.filter(pk=signature.pk).update(text_signed=signature.text_signed + " (amended)")

    result = services.verify(Signature.objects.get(pk=signature.pk))

    assert "The signed text no longer matches its fingerprint." in result.problems


def test_verify_command_fails_when_a_declaration_was_tampered_with(signature, capsys):
    call_command("verify_declarations")
    assert "All signed Declarations are intact." in capsys.readouterr().out

    Signature.objects.filter(pk=signature.pk).update(text_signed="Nothing declared.")
    with pytest.raises(CommandError, match="1 signed Declaration"):
        call_command("verify_declarations")
    assert "TAMPERED" in capsys.readouterr().out


def test_signing_with_a_scan_keeps_its_fingerprint(organisation, applicant):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last

    signature = services.sign(
        application=application, by=applicant, signatory_name="A", signatory_position="B", scan=pdf_upload("signed.pdf")
    )

    assert len(signature.scan_sha256) == 64


def test_signing_form_refuses_a_scan_that_is_not_a_pdf(organisation, applicant, applicant_client):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)
    response = applicant_client.post(
        f"/applications/{application.pk}/edit/declaration/",
        {"signatory_name": "A", "signatory_position": "B", "confirm": "on", "scan": fake_pdf_upload()},
    )

    assert "this file is not a PDF" in response.content.decode()
    assert not Signature.objects.filter(application=application).exists()


def test_signing_requires_the_confirmation(organisation, applicant, applicant_client):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)

    response = applicant_client.post(
        f"/applications/{application.pk}/edit/declaration/", {"signatory_name": "A", "signatory_position": "B"}
    )

    assert "confirm" in response.context["form"].errors
    assert not Signature.objects.exists()


def factories_pdf():
    return pdf_bytes(pages=2)


@pytest.mark.parametrize("who", ["other_organisation", "decision_maker", "superuser"])
def test_sign_refused_without_permission(organisation, applicant, who):
    """Only the applicant's own people sign its Declaration (applications.change_application on the draft)."""
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)
    by = {
        "other_organisation": lambda: factories.OrganisationFactory(owner=factories.UserFactory()).users.get(),
        "decision_maker": rf.decision_maker,
        "superuser": fa.superuser,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.sign(application=application, by=by, signatory_name="A", signatory_position="B")
    assert not Signature.objects.filter(organisation=organisation).exists()
