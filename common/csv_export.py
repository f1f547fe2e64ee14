"""CSV downloads that a spreadsheet opens as text, never as formulas (CSV/formula injection, OWASP)."""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

# A spreadsheet reads a cell starting with one of these as a formula (TAB and CR also start a DDE payload).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as text, with a leading single quote when it would otherwise start a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    """An attachment `filename` with the header and rows (iterables of values), every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response


class _Echo:
    """A file-like object whose write() hands back the line the csv writer formatted."""

    def write(self, value: str) -> str:
        return value


def csv_streaming_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """Like csv_response, but written line by line as `rows` (an iterator) yields them: constant memory, and the
    download starts before the last row is built."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow([safe_cell(value) for value in header])
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
