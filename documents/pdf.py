"""PDFs rendered from our templates with WeasyPrint.

The renderer reads nothing but our own static files: a template cannot make it fetch a URL or a local
file, whatever an applicant typed into a field that the template shows.
"""

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_BASE = "https://static.portal.invalid/static/"
# PDF/A-3b: the archival variant, for the PDFs that are records (Declarations, decision letters).
RECORD_VARIANT = "pdf/a-3b"


class StaticFilesOnlyFetcher(URLFetcher):
    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if not url.startswith(STATIC_BASE):
            raise ValueError(f"Refused to fetch {url!r}: PDFs may use our static files only.")
        relative = url[len(STATIC_BASE) :].split("?")[0]
        path = finders.find(relative)
        if not path:
            raise ValueError(f"No static file {relative!r}.")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), headers={"Content-Type": content_type})


def render_pdf(template_name: str, context: dict[str, Any], *, record: bool = True) -> bytes:
    """Render a template to PDF bytes (PDF/A for records)."""
    html = render_to_string(template_name, {**context, "static_base": STATIC_BASE})
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticFilesOnlyFetcher())
    return document.write_pdf(pdf_variant=RECORD_VARIANT if record else None)


def sha256_hex(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
