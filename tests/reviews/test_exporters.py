"""The review queue as CSV: scores only where the reviews may be seen, cells never formulas, streamed."""

from decimal import Decimal

import pytest

from common.csv_export import safe_cell
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
    assert "security" in lines[0]
    assert application.reference in lines[1] and "4.50" in lines[1] and "admit/admit" in lines[1]


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
    assert hidden["security"] == "" and hidden["Weighted total"] == "" and hidden["Recommendations"] == ""
    assert "4.50" not in ",".join(hidden.values()) and "met" not in ",".join(hidden.values())
    assert shown["Recommendations"] == "admit/admit" and "3.00" in shown.values()
    rf.submit_review(own, score=Decimal("3.5"))
    header, *rows = csv_rows(client.get(url("export")))
    row = next(dict(zip(header, row, strict=True)) for row in rows if row[0] == application.reference)
    assert row["Recommendations"] == "admit/admit" and "4.00" in row.values()  # mean of 4.5 and 3.5


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
