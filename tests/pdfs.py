"""Small real files for upload tests."""

import io

from pypdf import PdfWriter


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="evidence.pdf", pages=1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def fake_pdf_upload(name="evidence.pdf"):
    """A file that claims to be a PDF by its name and content type, but is not."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"MZ\x90\x00 this is an executable, not a PDF", content_type="application/pdf")
