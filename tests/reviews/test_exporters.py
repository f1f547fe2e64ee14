"""The review queue as CSV: scores only where the reviews may be seen, cells never formulas, streamed."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.csv_export import safe_cell
from reviews import exporters, selectors
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import login
from tests.reviews.pages import csv_rows, csv_text, url

pytestmark = pytest.mark.django_db


def test_export_csv_for_decision_maker_has_scores(client):
    application = rf.reviewed_application(score=Decimal("4.5"))
    response = login(client, rf.decision_maker()).get(url("export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = csv_text(response).splitlines()
    # Issue 11: the CSV speaks as the pages do (criteria by title, labels, not codes).
    security = application.criteria_version.criteria.get(code="security").title
    assert security in lines[0] and "security," not in lines[0]
    assert application.reference in lines[1] and "4.50" in lines[1] and "Admit/Admit" in lines[1]


def test_export_csv_decision_maker_assigned_as_reviewer_gets_blank_scores_until_own_submitted(client, boss):
    application = rf.submitted_application()
    other = rf.reviewed_application(score=Decimal("3"))
    double = rf.decision_maker_and_reviewer()
    own = rf.assign(application, double, by=boss, declare=False)
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("4.5"))
    login(client, double)
    header, *rows = csv_rows(client.get(url("export")))
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    hidden, shown = by_ref[application.reference], by_ref[other.reference]
    security = application.criteria_version.criteria.get(code="security").title
    assert hidden[security] == "" and hidden["Weighted total"] == "" and hidden["Recommendations"] == ""
    assert "4.50" not in ",".join(hidden.values()) and "met" not in ",".join(hidden.values()).lower()
    assert shown["Recommendations"] == "Admit/Admit" and "3.00" in shown.values()
    rf.submit_review(own, score=Decimal("3.5"))
    header, *rows = csv_rows(client.get(url("export")))
    row = next(dict(zip(header, row, strict=True)) for row in rows if row[0] == application.reference)
    assert row["Recommendations"] == "Admit/Admit" and "4.00" in row.values()  # mean of 4.5 and 3.5


def test_export_csv_decision_maker_conflicted_on_an_application_gets_blank_scores(client, boss):
    application = rf.submitted_application()
    double = rf.decision_maker_and_reviewer()
    rf.assign(application, double, by=boss, declare=True)
    for _ in range(2):
        rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("4.5"))
    header, row = csv_rows(login(client, double).get(url("export")))
    row = dict(zip(header, row, strict=True))
    assert row["Reference"] == application.reference and row["Reviews submitted"] == "2"
    assert row["Recommendations"] == "" and row["Weighted total"] == "" and "4.50" not in row.values()


def test_export_csv_applicant_text_cannot_become_a_formula(client):
    organisation = factories.OrganisationFactory(legal_name='=HYPERLINK("http://x")')
    application = rf.reviewed_application(organisation=organisation)
    response = login(client, rf.decision_maker()).get(url("export"))
    _header, row = csv_rows(response)
    assert row[0] == application.reference
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert '\'=HYPERLINK(""http://x"")' in csv_text(response)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Silicon = chips", "Silicon = chips"),
        ("", ""),
        (None, ""),
        (Decimal("4.50"), "4.50"),
        (3, "3"),
    ],
)
def test_safe_cell_quotes_what_a_spreadsheet_would_run(value, cell):
    assert safe_cell(value) == cell


@pytest.mark.parametrize("role", ["secretariat", "reviewer", "administrator", "applicant"])
def test_export_csv_for_others_is_404(client, role):
    user = {
        "secretariat": rf.secretariat,
        "reviewer": rf.reviewer,
        "administrator": rf.administrator,
        "applicant": factories.UserFactory,
    }[role]()
    assert login(client, user).get(url("export")).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_export_csv_query_count_is_bounded_with_1_and_50_rows(client, rows, django_assert_max_num_queries):
    boss = rf.decision_maker()
    people = [rf.reviewer() for _ in range(2)]
    for _ in range(rows):
        application = rf.submitted_application()
        for person in people:
            rf.AssignmentFactory(application=application, reviewer=person, assigned_by=boss)
    login(client, boss)
    with django_assert_max_num_queries(14):  # the rows stream: count the queries until the last one is read
        response = client.get(url("export"))
        text = csv_text(response)
    assert len(text.splitlines()) == rows + 1


def test_export_csv_streams_header_first_then_rows_from_the_shared_summary(client):
    reviewed = rf.reviewed_application(score=Decimal("4.5"))
    waiting = rf.submitted_application()
    response = login(client, rf.decision_maker()).get(url("export"))
    assert response.streaming and response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="review-queue-')
    content = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        header = next(content).decode()
    assert queries.captured_queries == []  # the header goes out before any application is read
    rows = list(csv.reader(io.StringIO(header + b"".join(content).decode())))
    header, *rows = rows
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert [row[0] for row in rows] == [reviewed.reference, waiting.reference]  # the queue's order
    summary = selectors.summarise(selectors.application_for_review(reviewed.pk).get())
    shown, blank = by_ref[reviewed.reference], by_ref[waiting.reference]
    for criterion in reviewed.criteria_version.criteria.all():
        assert shown[criterion.title] == ("Met/Met" if criterion.is_gate else "4.50")
        assert blank[criterion.title] == ""
    assert shown["Weighted total"] == str(summary.weighted_total) and summary.weighted_total is not None
    assert shown["Threshold"] == str(reviewed.criteria_version.overall_threshold)
    assert (shown["Reviewers"], shown["Reviews submitted"], shown["Recommendations"]) == ("2", "2", "Admit/Admit")
    assert (blank["Reviewers"], blank["Reviews submitted"], blank["Weighted total"]) == ("0", "0", "")
    assert shown["Organisation"] == reviewed.organisation.legal_name and shown["Status"] == "Under review"


def test_queue_rows_fetch_one_chunk_at_a_time(boss):
    applications = [rf.reviewed_application(score=Decimal(score), by=boss) for score in ("3", "4", "5")]
    viewer = rf.decision_maker()
    queryset = exporters.queue_for_export(viewer, filters={})
    codes = exporters.criterion_codes(queryset)
    rows = exporters.queue_rows(viewer, queryset, codes, chunk_size=2)
    with CaptureQueriesContext(connection) as first_chunk:
        first = next(rows)
    with CaptureQueriesContext(connection) as same_chunk:
        second = next(rows)
    with CaptureQueriesContext(connection) as next_chunk:
        third = next(rows)
    assert same_chunk.captured_queries == []  # the second row was fetched, with its reviews, with the first
    assert 0 < len(next_chunk) <= len(first_chunk)
    assert [row[0] for row in (first, second, third)] == [a.reference for a in applications]
    totals = [row[-3] for row in (first, second, third)]
    assert totals == [
        str(selectors.summarise(selectors.application_for_review(a.pk).get()).weighted_total) for a in applications
    ]
    assert next(rows, None) is None


def test_export_csv_writes_dates_as_iso_8601_in_the_portal_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    application = rf.submitted_application()
    type(application).objects.filter(pk=application.pk).update(submitted_at=datetime(2026, 3, 2, 8, 5, tzinfo=UTC))

    header, row = csv_rows(login(client, rf.decision_maker()).get(url("export")))

    assert dict(zip(header, row, strict=True))["Submitted"] == "2026-03-02 09:05"  # 08:05 UTC, 09:05 in Brussels
