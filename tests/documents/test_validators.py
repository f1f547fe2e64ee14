"""Upload validation is bounded (size, magic bytes, page count from the tree's root, a time budget) and refuses
active content and polyglots, each with a message saying why."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from documents.validators import active_names, validate_pdf_upload
from tests.pdfs import assemble_pdf, html_polyglot_pdf, javascript_pdf, object_stream_pdf, page_bomb_pdf, pdf_bytes


def upload(content, name="evidence.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal(content):
    with pytest.raises(ValidationError) as caught:
        validate_pdf_upload(upload(content))
    return caught.value


def test_validate_pdf_upload_accepts_a_plain_pdf_and_returns_its_bytes():
    content = pdf_bytes(pages=3)
    assert validate_pdf_upload(upload(content)) == content


def test_validate_pdf_upload_refuses_a_page_tree_claiming_60000_pages():
    error = refusal(page_bomb_pdf(claimed=60_000))
    assert error.code == "too_many_pages"
    assert "60000 pages; the limit is 2000" in error.messages[0]


def test_validate_pdf_upload_refuses_60000_real_pages_quickly():
    content = page_bomb_pdf(pages=60_000)
    started = time.monotonic()
    error = refusal(content)
    assert error.code == "too_many_pages"
    # The tree is never walked: the old check took 13 s for such a file. Generous for a loaded machine.
    assert time.monotonic() - started < 5


def test_validate_pdf_upload_accepts_pages_up_to_the_limit(settings):
    settings.MAX_UPLOAD_PAGES = 40
    assert validate_pdf_upload(upload(page_bomb_pdf(pages=40)))
    assert refusal(page_bomb_pdf(pages=41)).code == "too_many_pages"


def test_validate_pdf_upload_refuses_javascript_with_the_reason():
    error = refusal(javascript_pdf())
    assert error.code == "active_content"
    assert "JavaScript" in error.messages[0]
    assert "active content" in error.messages[0]


@pytest.mark.parametrize(
    "action",
    [
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/AA << /O << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"/Names << /EmbeddedFiles << /Names [] >> >>",
        b"/AcroForm << /XFA 5 0 R /Fields [] >>",
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
    ],
    ids=["launch", "additional-action", "embedded-files", "xfa", "hex-escaped-names"],
)
def test_validate_pdf_upload_refuses_active_content_in_the_catalog(action):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + action + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    assert refusal(assemble_pdf(objects)).code == "active_content"


def test_validate_pdf_upload_accepts_a_plain_catalog_in_a_compressed_object_stream():
    content = object_stream_pdf(b"<< /Type /Catalog /Pages 2 0 R >>")
    assert validate_pdf_upload(upload(content)) == content


def test_validate_pdf_upload_refuses_javascript_hidden_in_a_compressed_object_stream():
    content = object_stream_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    )
    assert b"/JavaScript" not in content  # invisible to a scan of the raw bytes
    assert refusal(content).code == "active_content"


def test_active_names_ignores_longer_names_that_merely_start_alike():
    assert active_names(b"/JSON /AAA /Launcher /XFAX /Type /Page") == []
    assert active_names(b"/JS(x)/AA<<>>") == ["AA", "JS"]


def test_validate_pdf_upload_refuses_an_html_polyglot_with_the_reason():
    error = refusal(html_polyglot_pdf())
    assert error.code == "polyglot"
    assert "web-page (HTML or script) content" in error.messages[0]


def test_validate_pdf_upload_refuses_script_markup_right_after_the_pdf_header():
    content = pdf_bytes()
    content = content[:9] + b"%<script>alert(1)</script>\n" + content[9:]
    assert refusal(content).code == "polyglot"


def test_validate_pdf_upload_refuses_a_pdf_header_not_at_offset_zero():
    assert refusal(b"\n\n" + pdf_bytes()).code == "polyglot"


def test_validate_pdf_upload_refuses_a_truncated_pdf_as_damaged():
    content = pdf_bytes(pages=2)
    assert refusal(content[: len(content) // 2]).code == "damaged"


def test_validate_pdf_upload_refuses_a_pdf_with_a_tree_but_no_page():
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    assert refusal(assemble_pdf(objects)).code == "no_pages"


def test_validate_pdf_upload_refuses_an_oversized_file_before_reading_it(settings):
    settings.MAX_UPLOAD_SIZE = 100
    assert refusal(pdf_bytes()).code == "too_large"


def test_validate_pdf_upload_refuses_an_encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue()).code == "encrypted"


def test_validate_pdf_upload_refuses_an_object_too_big_to_parse_quickly():
    """A page of a million names costs pypdf seconds to parse: the request refuses it unparsed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Junk [" + b"/N#61me " * 200_000 + b"] >>",
    ]
    error = refusal(assemble_pdf(objects))
    assert error.code == "too_complex"
    assert "too complex to check" in error.messages[0]


def test_validate_pdf_upload_refuses_too_many_objects_before_parsing(settings):
    """pypdf reads a cross-reference entry by entry: 200,000 packed objects cost it seconds."""
    settings.MAX_UPLOAD_OBJECTS = 1000
    started = time.monotonic()
    error = refusal(object_stream_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", extra_objects=5000))
    assert error.code == "too_complex"
    assert time.monotonic() - started < 1
    assert validate_pdf_upload(upload(object_stream_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", extra_objects=500)))
