"""Validation time of the worst uploads a web request may see: accepted and refused, each run N times.

.venv/bin/python bench/uploads.py [N]   (default 5)

Prints the median time per file and the worst accepted and refused medians (target: under 1 s each).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from documents.validators import validate_pdf_upload  # noqa: E402
from tests.pdfs import (  # noqa: E402
    assemble_pdf,
    html_polyglot_pdf,
    javascript_pdf,
    object_stream_pdf,
    page_bomb_pdf,
    pdf_bytes,
)


def heavy_pages(pages, stream_bytes):
    """`pages` pages, each with its own content stream: close to the size limit with the most pages allowed."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * index) for index in range(pages))
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    stream = b"0 0 m 595 842 l S\n" * (stream_bytes // 18)
    for index in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (4 + 2 * index))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return assemble_pdf(objects)


def escaped_names(size):
    """A file full of `#xx`-escaped names: the slow path of the raw name scan."""
    filler = b"/N#61me#31 " * (size // 11)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Junk [" + filler + b"] >>",
    ]
    return assemble_pdf(objects)


def files():
    limit = settings.MAX_UPLOAD_SIZE
    return {
        "plain, 1 page": pdf_bytes(),
        f"{settings.MAX_UPLOAD_PAGES} pages with content, ~9 MB": heavy_pages(settings.MAX_UPLOAD_PAGES, 4500),
        "compressed catalog (object stream)": object_stream_pdf(b"<< /Type /Catalog /Pages 2 0 R >>"),
        "escaped names, ~9 MB": escaped_names(limit - 1024 * 1024),
        "200,000 compressed objects": object_stream_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", extra_objects=200_000),
        "60,000 real pages": page_bomb_pdf(pages=60_000),
        "root claims 60,000 pages": page_bomb_pdf(claimed=60_000),
        "JavaScript": javascript_pdf(),
        "JavaScript in an object stream": object_stream_pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
        ),
        "HTML polyglot": html_polyglot_pdf(),
        "over the size limit": b"%PDF-1.7\n" + b"0" * limit,
    }


def measure(content, runs):
    timings, outcome = [], "accepted"
    for _run in range(runs):
        started = time.perf_counter()
        try:
            validate_pdf_upload(SimpleUploadedFile("bench.pdf", content, content_type="application/pdf"))
            outcome = "accepted"
        except ValidationError as error:
            outcome = f"refused ({error.code})"
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), outcome


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    worst = {"accepted": (0.0, ""), "refused": (0.0, "")}
    for name, content in files().items():
        median, outcome = measure(content, runs)
        print(f"{name:<40} {len(content) / 1e6:6.2f} MB  {median * 1000:8.1f} ms  {outcome}")
        kind = "accepted" if outcome == "accepted" else "refused"
        if median > worst[kind][0]:
            worst[kind] = (median, name)
    for kind, (median, name) in worst.items():
        print(f"worst {kind}: {median * 1000:.1f} ms ({name})")


if __name__ == "__main__":
    main()
