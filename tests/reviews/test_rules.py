"""Issue 9: decision makers see applications from submission on: never a draft, nor its files."""

import pytest
from django.urls import reverse

from applications import services
from tests import factories
from tests.factories import reviews as rf
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return factories.UserFactory()


@pytest.fixture
def draft(owner, semiconductors):
    organisation = factories.OrganisationFactory(owner=owner)
    return services.start_application(organisation=organisation, alliance=semiconductors, by=owner)


def review_pages(application, document):
    return [
        reverse("reviews:application", args=[application.pk]),
        reverse("reviews:document", args=[application.pk, document.pk]),
        reverse("reviews:decision", args=[application.pk]),
    ]


def test_decision_maker_gets_404_for_a_draft_and_its_files(client, owner, draft):
    document = services.add_document(application=draft, by=owner, title="Evidence", uploaded_file=pdf_upload())
    client.force_login(rf.decision_maker())

    assert [client.get(url).status_code for url in review_pages(draft, document)] == [404, 404, 404]


def test_decision_maker_gets_404_for_an_application_withdrawn_before_submission(client, owner, draft):
    document = services.add_document(application=draft, by=owner, title="Evidence", uploaded_file=pdf_upload())
    services.withdraw(application=draft, by=owner, reason="We apply next year.")
    client.force_login(rf.decision_maker())

    assert [client.get(url).status_code for url in review_pages(draft, document)] == [404, 404, 404]


def test_decision_maker_reads_a_submitted_application_and_its_files(client, semiconductors):
    owner = factories.UserFactory()
    application = factories.ApplicationFactory(created_by=owner)
    document = services.add_document(application=application, by=owner, title="Evidence", uploaded_file=pdf_upload())
    factories.ready_to_submit(application, by=owner)
    services.submit(application=application, by=owner)
    client.force_login(rf.decision_maker())

    page = client.get(reverse("reviews:application", args=[application.pk]))
    download = client.get(reverse("reviews:document", args=[application.pk, document.pk]))
    b"".join(download.streaming_content)  # reading a streamed download to its end closes the file

    assert (page.status_code, download.status_code) == (200, 200)
