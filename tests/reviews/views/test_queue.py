"""The review queue page, balancing through the page, and the navigation link."""

import pytest
from django.urls import reverse

from reviews.models import Assignment
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import login
from tests.reviews.pages import url

pytestmark = pytest.mark.django_db


def test_queue_reviewer_sees_only_assigned_applications(client, under_review):
    application, cleared, _u, _c = under_review
    other = rf.submitted_application()
    response = login(client, cleared.reviewer).get(url("queue"))
    assert response.status_code == 200
    assert application.reference in response.text
    assert other.reference not in response.text
    assert "Dora Decider" not in response.text


def test_queue_decision_maker_sees_all_with_reviewer_names(client, under_review, boss):
    application, *_ = under_review
    other = rf.submitted_application()
    response = login(client, boss).get(url("queue"))
    assert application.reference in response.text and other.reference in response.text
    assert "Clara Cleared" in response.text


def test_queue_row_shows_each_reviewer_with_their_declaration_and_the_reviews_in(client, under_review, boss):
    application, cleared, _undeclared, _conflicted = under_review
    body = login(client, boss).get(url("queue")).text
    row = body[body.index(application.reference) : body.index("</tr>", body.index(application.reference))]
    assert "Clara Cleared, Uma Undeclared (to declare), Conrad Conflicted (conflict)" in row
    assert application.organisation.legal_name in row and "<td>0 / 2</td>" in row


def test_queue_row_shows_the_reviewers_own_part(client, under_review):
    application, cleared, undeclared, conflicted = under_review
    for assignment, part in (
        (cleared, "To review"),
        (undeclared, "Declare conflicts first"),
        (conflicted, "Conflict declared"),
    ):
        body = login(client, assignment.reviewer).get(url("queue")).text
        row = body[body.index(application.reference) : body.index("</tr>", body.index(application.reference))]
        assert f"<td>{part}</td>" in row, part


@pytest.mark.parametrize("role", ["secretariat", "applicant"])
def test_queue_secretariat_and_applicant_get_404(client, under_review, role):
    user = rf.secretariat() if role == "secretariat" else rf.applicant_of(under_review[0])
    assert login(client, user).get(url("queue")).status_code == 404


def test_queue_anonymous_is_sent_to_login(client):
    response = client.get(url("queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_queue_filters_by_alliance_country_type_state_and_search(client, boss):
    dutch = rf.submitted_application(organisation=factories.OrganisationFactory(country="NL", legal_name="Tulip Chips"))
    german = rf.submitted_application(
        organisation=factories.OrganisationFactory(
            country="DE", organisation_type="large_company", legal_name="Bach AG"
        )
    )
    cloud = rf.submitted_application(alliance=factories.alliance("industrial-cloud"))
    login(client, boss)

    def refs(**params):
        text = client.get(url("queue"), params).text
        return {a.reference for a in (dutch, german, cloud) if a.reference in text}

    assert refs(country="DE") == {german.reference}
    assert refs(organisation_type="large_company") == {german.reference}
    assert refs(q="tulip") == {dutch.reference}
    assert refs(q=german.reference) == {german.reference}
    assert refs(alliance=cloud.alliance.pk) == {cloud.reference}
    assert refs(state="submitted") == {dutch.reference, german.reference, cloud.reference}
    assert refs(state="approved") == set()


def test_queue_filters_by_reviewer_and_sorts(client, boss, under_review):
    application, cleared, *_ = under_review
    other = rf.submitted_application(organisation=factories.OrganisationFactory(legal_name="AAA First"))
    login(client, boss)
    text = client.get(url("queue"), {"reviewer": cleared.reviewer.pk}).text
    assert application.reference in text and other.reference not in text
    text = client.get(url("queue"), {"sort": "organisation"}).text
    assert text.index("AAA First") < text.index(application.organisation.legal_name)


def test_queue_paginates(client, boss, settings):
    settings.PAGINATE_BY = 2
    for _ in range(3):
        rf.submitted_application()
    response = login(client, boss).get(url("queue"), {"sort": "submitted"})
    assert "Page 1 of 2" in response.text
    assert "Page 2 of 2" in client.get(url("queue"), {"sort": "submitted", "page": 2}).text


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_query_count_is_bounded_with_1_and_50_rows(client, boss, rows, django_assert_max_num_queries, settings):
    settings.PAGINATE_BY = 50
    people = [rf.reviewer() for _ in range(2)]
    for _ in range(rows):
        application = rf.submitted_application()
        for person in people:
            rf.AssignmentFactory(application=application, reviewer=person, assigned_by=boss)
    login(client, boss)
    with django_assert_max_num_queries(16):
        response = client.get(url("queue"))
    assert response.text.count("APP-") >= rows


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_reviewer_query_count_is_bounded_with_1_and_50_rows(
    client, rows, django_assert_max_num_queries, settings
):
    settings.PAGINATE_BY = 50
    person = rf.reviewer()
    boss = rf.decision_maker()
    for _ in range(rows):
        rf.AssignmentFactory(application=rf.submitted_application(), reviewer=person, assigned_by=boss)
    login(client, person)
    with django_assert_max_num_queries(16):
        assert client.get(url("queue")).status_code == 200


def test_balance_view_assigns_two_reviewers_each(client, boss):
    alliance = factories.alliance()
    applications = [rf.submitted_application() for _ in range(2)]
    for _ in range(2):
        rf.reviewer(alliance)
    response = login(client, boss).post(url("balance"), {"balance-alliance": alliance.pk})
    assert response.status_code == 302
    for application in applications:
        assert Assignment.objects.filter(application=application).count() == 2


@pytest.mark.parametrize("role", ["reviewer", "secretariat"])
def test_balance_view_by_reviewer_or_secretariat_is_404(client, role):
    user = rf.reviewer() if role == "reviewer" else rf.secretariat()
    assert login(client, user).post(url("balance"), {"balance-alliance": factories.alliance().pk}).status_code == 404


def test_nav_review_link_for_commission_staff_only(client):
    link = f'href="{url("queue")}"'
    assert link in login(client, rf.reviewer()).get(url("queue")).text
    assert link not in login(client, rf.secretariat()).get(reverse("applications:dashboard")).text
    assert link not in login(client, factories.UserFactory()).get(reverse("applications:dashboard")).text
