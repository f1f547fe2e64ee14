"""Pages run the same number of SQL queries whatever the number of rows."""

import pytest

from applications import services
from tests import factories
from tests.helpers import count_queries
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def make_applications(user, number):
    for _ in range(number):
        organisation = factories.OrganisationFactory(owner=user)
        factories.ApplicationFactory(organisation=organisation, created_by=user)


@pytest.mark.parametrize("rows", [1, 30])
def test_dashboard_queries_are_bounded(client, rows, django_assert_max_num_queries):
    user = factories.UserFactory()
    make_applications(user, rows)
    client.force_login(user)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/applications/")

    assert len(response.context["applications"]) == min(rows, 20)


def test_dashboard_runs_the_same_queries_with_1_and_30_applications(client):
    one, thirty = factories.UserFactory(), factories.UserFactory()
    make_applications(one, 1)
    make_applications(thirty, 30)

    client.force_login(one)
    with_one = count_queries(client, "/applications/")
    client.force_login(thirty)
    with_thirty = count_queries(client, "/applications/")

    assert with_one == with_thirty


def application_with_documents(number):
    user = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=user)
    application = factories.ApplicationFactory(organisation=organisation, created_by=user)
    for index in range(number):
        services.add_document(application=application, by=user, title=f"Doc {index}", uploaded_file=pdf_upload())
    factories.answer_every_criterion(application)
    return user, application


@pytest.mark.parametrize(
    "page",
    [
        "",
        "edit/organisation/",
        "edit/activities/",
        "edit/criteria/",
        "edit/working-groups/",
        "edit/documents/",
        "edit/declaration/",
        "edit/submit/",
    ],
)
def test_application_pages_run_the_same_queries_with_1_and_30_documents(client, page):
    counts = []
    for number in (1, 30):
        user, application = application_with_documents(number)
        client.force_login(user)
        counts.append(count_queries(client, f"/applications/{application.pk}/{page}"))

    assert counts[0] == counts[1]
    assert counts[0] <= MAX_QUERIES


def test_submitted_application_page_is_bounded_with_30_documents(client, django_assert_max_num_queries):
    user, application = application_with_documents(30)
    factories.ready_to_submit(application)
    services.submit(application=application, by=user)
    client.force_login(user)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"/applications/{application.pk}/")

    assert "Doc 29" in response.content.decode()
