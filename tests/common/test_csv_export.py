"""The streamed CSV is the same file as the buffered one, cell for cell, and is produced row by row."""

from common.csv_export import csv_response, csv_streaming_response

HEADER = ["reference", "organisation", "note"]
ROWS = [["APP-00001", "Acme, Inc.", "=1+1"], ["APP-00002", 'Say "hi"', None], ["APP-00003", "Line\nbreak", "-5"]]


def test_streamed_csv_equals_the_buffered_csv():
    buffered = csv_response("queue.csv", HEADER, ROWS)
    streamed = csv_streaming_response("queue.csv", HEADER, ROWS)

    assert b"".join(streamed.streaming_content) == buffered.content
    assert streamed["Content-Disposition"] == buffered["Content-Disposition"] == 'attachment; filename="queue.csv"'
    assert streamed["Content-Type"] == "text/csv; charset=utf-8"


def test_streamed_csv_reads_its_rows_only_as_it_sends_them():
    taken = []

    def rows():
        for row in ROWS:
            taken.append(row[0])
            yield row

    content = iter(csv_streaming_response("queue.csv", HEADER, rows()).streaming_content)

    assert next(content) == b"reference,organisation,note\r\n" and taken == []
    assert next(content).startswith(b"APP-00001") and taken == ["APP-00001"]
