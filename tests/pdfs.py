"""Small real files for upload tests."""

import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="evidence.pdf", pages=1):

    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def fake_pdf_upload(name="evidence.pdf"):
    """A file that claims to be a PDF by its name and content type, but is not."""

    return SimpleUploadedFile(name, b"MZ\x90\x00 this is an executable, not a PDF", content_type="application/pdf")


def assemble_pdf(objects, header=b"%PDF-1.7\n", root=1):
    """A PDF written byte by byte from object bodies (object n is objects[n - 1]), with a correct xref table.

    Cheap enough to build files pypdf would take seconds to write: a 60,000-page tree is a few MB of text.
    """
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def page_bomb_pdf(pages=60_000, claimed=None):
    """A PDF of `pages` real page objects (or one page under a root that claims `claimed` pages)."""
    if claimed is not None:
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % claimed,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
        return assemble_pdf(objects)
    kids = b" ".join(b"%d 0 R" % number for number in range(3, pages + 3))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return assemble_pdf(objects)


def object_stream_pdf(catalog_body, extra_objects=0):
    """A PDF 1.5 whose catalog (and `extra_objects` small dictionaries) live compressed in an object stream,
    with an xref stream, as Acrobat writes them: a raw scan of the file's bytes cannot see what they say."""
    bodies = [catalog_body] + [b"<< /K %d >>" % number for number in range(extra_objects)]
    numbers = [1] + list(range(6, 6 + extra_objects))
    offsets_in_stream, chunks, position = [], [], 0
    for body in bodies:
        offsets_in_stream.append(position)
        chunks.append(body + b" ")
        position += len(body) + 1
    header = b" ".join(b"%d %d" % pair for pair in zip(numbers, offsets_in_stream, strict=True)) + b" "
    objstm = zlib.compress(header + b"".join(chunks))
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    plain = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        4: b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(bodies), len(header), len(objstm))
        + objstm
        + b"\nendstream",
    }
    for number, body in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[5] = len(out)

    def row(kind, field, generation):
        return bytes([kind]) + field.to_bytes(4, "big") + generation.to_bytes(4, "big")

    rows = [row(0, 0, 65535), row(2, 4, 0)] + [row(1, offsets[n], 0) for n in (2, 3, 4, 5)]
    rows += [row(2, 4, index) for index in range(1, len(bodies))]
    data = zlib.compress(b"".join(rows))
    size = 6 + extra_objects
    out += b"5 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        size,
        len(data),
    )
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


def javascript_pdf():
    """A one-page PDF that runs JavaScript when opened (document-level JavaScript), as pypdf writes it."""

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def html_polyglot_pdf():
    """A file that a browser renders as a web page and a PDF reader opens as a PDF."""
    return b"<!DOCTYPE html><html><script>alert(document.cookie)</script><!--\n" + pdf_bytes() + b"\n-->"
