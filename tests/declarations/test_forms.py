"""Refused uploads on the Declaration pages: the reason is shown next to the field and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from declarations.models import Signature
from tests import factories
from tests.pdfs import fake_pdf_upload, pdf_bytes

pytestmark = pytest.mark.django_db

NOT_A_PDF = "Only PDF files are accepted, and this file is not a PDF (whatever its name says)."
DAMAGED = "The PDF is damaged and cannot be read."


def damaged_pdf_upload():
    """A real PDF cut off halfway, as an interrupted download leaves it: it starts like a PDF, nothing more."""
    content = pdf_bytes(pages=2)
    return SimpleUploadedFile("signed.pdf", content[: len(content) // 2], content_type="application/pdf")


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def sign_with_scan(client, application, scan):
    return client.post(
        f"/applications/{application.pk}/edit/declaration/",
        {"signatory_name": "Anna de Vries", "signatory_position": "CEO", "confirm": "on", "scan": scan},
    )


@pytest.fixture
def draft(organisation, applicant):
    # Complete but for the Declaration, which is signed only then.
    return factories.complete_but_unsigned(
        factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [(damaged_pdf_upload, DAMAGED), (lambda: fake_pdf_upload("signed.pdf"), NOT_A_PDF)],
    ids=["damaged-pdf", "not-a-pdf-named-pdf"],
)
def test_signing_refuses_a_bad_scan_with_the_reason_and_stores_nothing(
    draft, applicant_client, settings, upload, message
):
    entries_before = AuditEntry.objects.count()

    response = sign_with_scan(applicant_client, draft, upload())

    assert response.status_code == 200
    assert response.context["form"].errors["scan"] == [message]
    assert message in response.content.decode()
    assert not Signature.objects.filter(application=draft).exists()
    assert stored_files(settings) == []
    assert AuditEntry.objects.count() == entries_before


def test_signing_refuses_an_oversize_scan_with_the_limit_and_stores_nothing(draft, applicant_client, settings):
    scan = SimpleUploadedFile("signed.pdf", pdf_bytes(pages=3), content_type="application/pdf")
    settings.MAX_UPLOAD_SIZE = scan.size - 1

    response = sign_with_scan(applicant_client, draft, scan)

    [error] = response.context["form"].errors["scan"]
    assert error.startswith("The file is ") and "; the limit is " in error
    assert error in response.content.decode()
    assert not Signature.objects.filter(application=draft).exists()
    assert stored_files(settings) == []


@pytest.fixture
def signature(draft):
    factories.ready_to_submit(draft)
    return Signature.objects.get(application=draft)


@pytest.mark.parametrize(
    ("upload", "message"),
    [(damaged_pdf_upload, DAMAGED), (lambda: fake_pdf_upload("declaration.pdf"), NOT_A_PDF)],
    ids=["damaged-pdf", "not-a-pdf-named-pdf"],
)
def test_checking_a_bad_copy_says_why_and_stores_nothing(signature, applicant_client, settings, upload, message):
    before = stored_files(settings)

    response = applicant_client.post(f"/declarations/{signature.pk}/verify/", {"copy": upload()})

    assert response.context["form"].errors["copy"] == [message]
    assert response.context["copy_check"] is None
    assert stored_files(settings) == before


def test_checking_an_oversize_copy_says_the_limit(signature, applicant_client, settings):
    with signature.pdf.open("rb") as stored:
        copy = SimpleUploadedFile("declaration.pdf", stored.read())
    settings.MAX_UPLOAD_SIZE = copy.size - 1

    response = applicant_client.post(f"/declarations/{signature.pk}/verify/", {"copy": copy})

    [error] = response.context["form"].errors["copy"]
    assert "; the limit is " in error
    assert response.context["copy_check"] is None
