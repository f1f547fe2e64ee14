import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import SupportingDocument
from documents.pdf import sha256_hex
from documents.uploads import store_pdf
from tests import factories
from tests.pdfs import fake_pdf_upload, pdf_bytes

pytestmark = pytest.mark.django_db


def test_store_pdf_saves_under_a_generated_name_and_returns_the_facts(applicant, organisation, semiconductors):
    application = factories.ApplicationFactory(organisation=organisation, alliance=semiconductors)
    content = pdf_bytes(2)
    document = SupportingDocument(application=application, title="Evidence", uploaded_by=applicant)
    uploaded = SimpleUploadedFile("../../etc/<script>.pdf", content, content_type="application/pdf")

    stored = store_pdf(uploaded, into=document.file, sha256_field="sha256")

    assert stored.sha256 == sha256_hex(content) == document.sha256
    assert stored.size == len(content)
    assert stored.original_name == "<script>.pdf"
    assert "script" not in document.file.name and ".." not in document.file.name
    assert document.file.name.endswith(f"{stored.sha256[:16]}.pdf")
    with document.file.open("rb") as saved:
        assert saved.read() == content


def test_store_pdf_refuses_a_non_pdf_and_stores_nothing(applicant, organisation, semiconductors):
    application = factories.ApplicationFactory(organisation=organisation, alliance=semiconductors)
    document = SupportingDocument(application=application, title="Evidence", uploaded_by=applicant)
    with pytest.raises(ValidationError) as refused:
        store_pdf(fake_pdf_upload(), into=document.file, sha256_field="sha256")
    assert refused.value.code == "not_pdf"
    assert not document.file
    assert document.sha256 == ""
