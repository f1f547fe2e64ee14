"""Upload validation that a web request can afford: every check is bounded in bytes, pages and time.

A PDF is accepted when its bytes (never its name or content type) are a readable, unencrypted PDF
within the size and page limits, with no active content (scripts, launch actions, embedded files,
multimedia, XFA forms) and nothing a browser could take for HTML. The page count is read from the
page tree's root (`/Count`), never by walking the tree; a wall-clock budget stops a file that is too
complex to check quickly. Each refusal says why.
"""

import io
import logging
import re
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# Names of PDF features that run code, open other programs or carry other files.
ACTIVE_NAMES = ("JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA")
# A name token ends at whitespace or a PDF delimiter. Each character of a name may be written as a `#xx`
# escape (`/J#61vaScript` is `/JavaScript`): the pattern accepts both, so the scan stays in the regex engine.
_NAME_END = rb"(?=[\s()<>\[\]{}/%]|$)"


def _escapable(name: str) -> bytes:
    """`JS` → `(?:J|#4[aA])(?:S|#53)`: each character literal or as its `#xx` escape, hex digits in either case."""

    def digit(character: str) -> bytes:
        return f"[{character.lower()}{character.upper()}]".encode() if character.isalpha() else character.encode()

    return b"".join(
        b"(?:%s|#%s%s)" % (re.escape(char.encode()), digit(f"{ord(char):02x}"[0]), digit(f"{ord(char):02x}"[1]))
        for char in name
    )


ACTIVE_NAME = re.compile(rb"/(" + b"|".join(_escapable(name) for name in ACTIVE_NAMES) + rb")" + _NAME_END)
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Page counts visible in the raw bytes: any /Count above the limit, or more page objects than allowed.
COUNT_VALUE = re.compile(rb"/Count\s+(\d{1,12})")
# Object counts visible in the raw bytes: the xref's /Size, the objects written out, the objects packed in
# object streams (/N). pypdf reads a cross-reference entry by entry, in Python: too many cost seconds.
XREF_SIZE = re.compile(rb"/Size\s+(\d{1,12})")
PACKED_COUNT = re.compile(rb"/N\s+(\d{1,12})")
PAGE_OBJECT = re.compile(rb"/Type\s*/Page" + _NAME_END)
# What makes a browser or a mail client take the file for a web page (a PDF/HTML polyglot).
MARKUP_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe", b"<svg", b"<?xml")
SNIFF_WINDOW = 1024
# The end-of-file marker must be this close to the end: a truncated upload lacks it.
EOF_WINDOW = 2048
# An object the request parses (catalog, page-tree root, first page) may be at most this big: parsing a
# dictionary of a million names takes pypdf seconds.
MAX_PARSED_OBJECT_BYTES = 1024 * 1024
MAX_TREE_DEPTH = 32


def validate_pdf_upload(uploaded) -> bytes:
    """Return the upload's bytes if it is an acceptable PDF; raise ValidationError saying why not."""
    _check_size(uploaded.size)
    uploaded.seek(0)
    content = uploaded.read(settings.MAX_UPLOAD_SIZE + 1)
    uploaded.seek(0)
    _check_size(len(content))
    inspect_pdf(content)
    return content


def inspect_pdf(content: bytes) -> None:
    """The bounded checks, in order of cost: magic bytes, markup, raw names, then a limited parse."""
    deadline = time.monotonic() + settings.UPLOAD_CHECK_SECONDS
    if not content.startswith(PDF_MAGIC):
        if PDF_MAGIC in content[:SNIFF_WINDOW] or _has_markup(content[:SNIFF_WINDOW]):
            raise _polyglot()
        raise ValidationError(
            _("Only PDF files are accepted, and this file is not a PDF (whatever its name says)."), code="not_pdf"
        )
    if _has_markup(content[:SNIFF_WINDOW]):
        raise _polyglot()
    if b"%%EOF" not in content[-EOF_WINDOW:]:
        raise _damaged()
    found = active_names(content)
    if found:
        raise _active(found)
    _check_page_count(max(raw_page_counts(content), default=0))
    if raw_object_count(content) > settings.MAX_UPLOAD_OBJECTS:
        logger.warning("PDF upload refused: more than %s objects", settings.MAX_UPLOAD_OBJECTS)
        raise _too_complex()
    _check_structure(content, deadline)


def active_names(data: bytes) -> list[str]:
    """The active-content names (decoded from `#xx` escapes) that occur as name tokens in the bytes."""
    found = set()
    for match in ACTIVE_NAME.finditer(data):
        found.add(HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)).decode("latin-1"))
    return sorted(found)


def raw_page_counts(data: bytes) -> list[int]:
    """Page counts readable without parsing: every /Count in the bytes, and the number of page objects."""
    counts = [int(match.group(1)) for match in COUNT_VALUE.finditer(data)]
    counts.append(sum(1 for _match in PAGE_OBJECT.finditer(data)))
    return counts


def raw_object_count(data: bytes) -> int:
    """The largest object count the bytes admit to, read without parsing."""
    declared = max((int(match.group(1)) for match in XREF_SIZE.finditer(data)), default=0)
    packed = sum(int(match.group(1)) for match in PACKED_COUNT.finditer(data))
    written = data.count(b"obj") - data.count(b"endobj")  # "12 0 obj" headers (an upper bound), counted in C
    return max(declared, packed + written)


def _check_page_count(count: int) -> None:
    if count > settings.MAX_UPLOAD_PAGES:
        raise ValidationError(
            _("The PDF has %(count)s pages; the limit is %(limit)s.")
            % {"count": count, "limit": settings.MAX_UPLOAD_PAGES},
            code="too_many_pages",
        )


def _check_structure(content: bytes, deadline: float) -> None:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected; please upload it without a password."), code="encrypted"
            )
        _check_time(deadline)
        spans = _object_spans(reader, len(content))
        root = _resolve(reader.trailer.raw_get("/Root"), spans)
        pages = _resolve(root.raw_get("/Pages"), spans)
        count = int(pages.get("/Count", 0))
        _check_page_count(count)
        if count <= 0 or not _first_page_exists(pages, spans):
            raise ValidationError(_("The PDF has no pages."), code="no_pages")
        _check_compressed_objects(reader, content, deadline)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _damaged() from error


def _object_spans(reader: PdfReader, size: int) -> dict[int, int]:
    """The byte length of each uncompressed object, from the distance to the next object's offset."""
    located = sorted((offset, number) for table in reader.xref.values() for number, offset in table.items())
    ends = [offset for offset, _number in located[1:]] + [size]
    return {number: end - offset for (offset, number), end in zip(located, ends, strict=True)}


def _resolve(reference, spans: dict[int, int]):
    """Parse an object only if it is small enough to parse quickly."""
    if isinstance(reference, IndirectObject) and spans.get(reference.idnum, 0) > MAX_PARSED_OBJECT_BYTES:
        raise _too_complex()
    return reference.get_object()


def _first_page_exists(node: DictionaryObject, spans: dict[int, int]) -> bool:
    """Descend the first kids of the page tree (never the whole tree) to a page."""
    for _depth in range(MAX_TREE_DEPTH):
        if node.get("/Type") == "/Page":
            return True
        kids = node.get("/Kids")
        if not isinstance(kids, ArrayObject) or not kids:
            return False
        node = _resolve(list.__getitem__(kids, 0), spans)
    return False


def _check_compressed_objects(reader: PdfReader, content: bytes, deadline: float) -> None:
    """Objects inside compressed object streams escape the raw scan: decompress each object stream (its
    size bounded) and scan its bytes the same way, in the regex engine, never object by object."""
    streams = {stream_number for stream_number, _index in reader.xref_objStm.values()}
    budget = settings.MAX_UPLOAD_SIZE * 4
    for number in sorted(streams):
        _check_time(deadline)
        # The stream's dictionary (before its `stream` keyword) must be small; its data may be large.
        offset = reader.xref.get(0, {}).get(number)
        if offset is None or content.find(b"stream", offset, offset + MAX_PARSED_OBJECT_BYTES) < 0:
            raise _too_complex()
        data = IndirectObject(number, 0, reader).get_object().get_data()
        budget -= len(data)
        if budget < 0:
            raise _too_complex()
        found = active_names(data)
        if found:
            raise _active(found)
        _check_page_count(max(raw_page_counts(data), default=0))


def _has_markup(window: bytes) -> bool:
    lowered = window.lower()
    return any(marker in lowered for marker in MARKUP_MARKERS)


def _check_size(size: int) -> None:
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)},
            code="too_large",
        )


def _check_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        logger.warning("PDF upload refused: checking it took longer than %s s", settings.UPLOAD_CHECK_SECONDS)
        raise _too_complex()


def _too_complex() -> ValidationError:
    return ValidationError(
        _("The PDF is too complex to check; please save it again with fewer objects (e.g. print it to PDF)."),
        code="too_complex",
    )


def _active(found: list[str]) -> ValidationError:
    logger.warning("PDF upload refused: active content %s", ", ".join(found))
    return ValidationError(
        _(
            "The PDF contains active content (%(names)s: scripts, actions, embedded files or forms that run "
            "code); please upload a flattened or printed-to-PDF copy."
        )
        % {"names": ", ".join(found)},
        code="active_content",
    )


def _polyglot() -> ValidationError:
    logger.warning("PDF upload refused: HTML or script markers where a PDF begins")
    return ValidationError(
        _("The file is not a plain PDF: it also contains web-page (HTML or script) content at its start."),
        code="polyglot",
    )


def _damaged() -> ValidationError:
    return ValidationError(_("The PDF is damaged and cannot be read."), code="damaged")
