"""In the Django admin, a submitted application stays as it was submitted, its answers and documents too."""

import pytest

from applications import services
from applications.models import Application, CriterionAnswer
from tests import factories
from tests.factories import applicants as fa
from tests.helpers import change_url, delete_url
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return fa.log_in_with_totp(client, fa.superuser())


@pytest.fixture
def submitted(applicant, organisation):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    services.add_document(application=application, by=applicant, title="Certificate", uploaded_file=pdf_upload())
    factories.ready_to_submit(application)
    return services.submit(application=application, by=applicant)


def test_submitted_application_is_read_only_in_the_admin_inlines_too(admin_client, submitted):
    before = Application.objects.filter(pk=submitted.pk).values().get()
    answers = list(CriterionAnswer.objects.filter(application=submitted).values())

    html = admin_client.get(change_url(submitted)).content.decode()
    assert 'name="_save"' not in html
    assert 'name="answers-0-text"' not in html
    assert 'name="documents-0-title"' not in html
    assert "Certificate" in html
    assert admin_client.post(change_url(submitted), {"answers-0-text": "Changed"}).status_code == 403
    assert admin_client.post(delete_url(submitted), {"post": "yes"}).status_code == 403

    assert Application.objects.filter(pk=submitted.pk).values().get() == before
    assert list(CriterionAnswer.objects.filter(application=submitted).values()) == answers
    assert submitted.documents.count() == 1


@pytest.mark.parametrize("state", ["under_review", "clarification_requested", "approved", "rejected", "withdrawn"])
def test_application_after_submission_is_read_only_in_the_admin(admin_client, state):
    application = fa.application_in_state(state)

    html = admin_client.get(change_url(application)).content.decode()

    assert 'name="_save"' not in html
    assert admin_client.post(change_url(application), {}).status_code == 403


def test_draft_application_can_still_be_changed_in_the_admin(admin_client, applicant, organisation):
    draft = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.answer_every_criterion(draft)

    html = admin_client.get(change_url(draft)).content.decode()

    assert 'name="_save"' in html
    assert 'name="answers-0-text"' in html
