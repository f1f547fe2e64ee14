"""One organisation never sees another's records: every such URL answers 404, as if it did not exist."""

import pytest

from applications import services
from declarations.models import Signature
from tests import factories
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db

STEPS = ["organisation", "activities", "criteria", "working-groups", "documents", "declaration", "submit"]


@pytest.fixture
def other_organisation_records(semiconductors, cloud_alliance):
    """Organisation B, with a draft (steps, documents) and a submitted application with a signed scan."""
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    draft = services.start_application(organisation=organisation, alliance=cloud_alliance, by=owner)
    draft_document = services.add_document(application=draft, by=owner, title="Draft doc", uploaded_file=pdf_upload())
    submitted = factories.submitted_application(organisation=organisation, by=owner)
    signature = Signature.objects.get(application=submitted)
    signature.scan.save("scan.pdf", pdf_upload(), save=True)
    return {
        "organisation": organisation,
        "draft": draft,
        "draft_document": draft_document,
        "submitted": submitted,
        "signature": signature,
    }


def urls_of(records):
    organisation, draft, submitted = records["organisation"], records["draft"], records["submitted"]
    document, signature = records["draft_document"], records["signature"]
    gets = [
        f"/organisations/{organisation.pk}/",
        f"/organisations/{organisation.pk}/edit/",
        f"/organisations/{organisation.pk}/invite/",
        f"/applications/{draft.pk}/",
        f"/applications/{submitted.pk}/",
        *[f"/applications/{draft.pk}/edit/{step}/" for step in STEPS],
        f"/applications/{draft.pk}/withdraw/",
        f"/applications/{submitted.pk}/withdraw/",
        f"/applications/{draft.pk}/documents/{document.pk}/",
        f"/declarations/{signature.pk}/pdf/",
        f"/declarations/{signature.pk}/scan/",
        f"/declarations/{signature.pk}/verify/",
    ]
    posts = [
        f"/organisations/{organisation.pk}/edit/",
        f"/organisations/{organisation.pk}/invite/",
        *[f"/applications/{draft.pk}/edit/{step}/" for step in STEPS],
        f"/applications/{draft.pk}/submit/",
        f"/applications/{submitted.pk}/withdraw/",
        f"/applications/{draft.pk}/documents/{document.pk}/remove/",
    ]
    return gets, posts


def test_other_organisations_urls_answer_404(applicant_client, organisation, other_organisation_records):
    gets, posts = urls_of(other_organisation_records)

    for url in gets:
        assert applicant_client.get(url).status_code == 404, url
    for url in posts:
        assert applicant_client.post(url, {"reason": "x", "email": "a@b.eu"}).status_code == 404, url

    other = other_organisation_records
    assert other["draft"].documents.count() == 1
    other["submitted"].refresh_from_db()
    assert other["submitted"].state == "submitted"


def test_the_owner_reaches_the_same_urls(client, other_organisation_records):
    owner = other_organisation_records["organisation"].users.get()
    client.force_login(owner)
    gets, _posts = urls_of(other_organisation_records)

    for url in gets:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # reading a streamed download to its end closes the file
        assert response.status_code in (200, 302), url


def test_anonymous_visitors_are_sent_to_log_in(client, other_organisation_records):
    gets, _posts = urls_of(other_organisation_records)

    for url in gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/accounts/login/"), url


def test_secretariat_does_not_see_applications(client, other_organisation_records):
    secretariat = factories.UserFactory(roles=["Secretariat"])
    client.force_login(secretariat)

    assert client.get(f"/applications/{other_organisation_records['submitted'].pk}/").status_code == 404
    assert client.get(f"/declarations/{other_organisation_records['signature'].pk}/pdf/").status_code == 404


def test_dashboard_lists_only_the_users_own_applications(applicant_client, organisation, other_organisation_records):
    html = applicant_client.get("/applications/").content.decode()

    assert other_organisation_records["submitted"].reference not in html
    assert other_organisation_records["organisation"].legal_name not in html
