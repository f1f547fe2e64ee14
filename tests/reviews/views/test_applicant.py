"""The applicant's side of a clarification: answering it and its file."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Application
from reviews.models import Clarification
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import fetch, login
from tests.pdfs import fake_pdf_upload, pdf_upload
from tests.reviews.pages import url

pytestmark = pytest.mark.django_db


def test_clarification_round_trip_through_the_pages(client, under_review, django_capture_on_commit_callbacks):
    application, cleared, *_ = under_review
    applicant = rf.applicant_of(application)
    login(client, cleared.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("clarify", application.pk), {"question": "Where is your fab?"})
    assert response.status_code == 302
    clarification = Clarification.objects.get(application=application)
    assert any(applicant.email in m.to and "Where is your fab?" in m.body for m in mail.outbox)

    login(client, applicant)
    detail = client.get(reverse("applications:detail", args=[application.pk])).text
    assert "Where is your fab?" in detail and url("answer", clarification.pk) in detail
    assert "Clara Cleared" not in detail
    response = client.post(url("answer", clarification.pk), {"answer": "In Dresden.", "file": fake_pdf_upload()})
    assert response.status_code == 200 and "not a PDF" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("answer", clarification.pk), {"answer": "In Dresden.", "file": pdf_upload()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.UNDER_REVIEW
    assert fetch(client, url("clarification_file", clarification.pk))[0] == 200
    login(client, cleared.reviewer)
    text = client.get(url("application", application.pk)).text
    assert "In Dresden." in text
    assert fetch(client, url("clarification_file", clarification.pk))[0] == 200


def test_clarification_answer_by_other_organisation_is_404(client, under_review):
    application, cleared, *_ = under_review
    clarification = rf.services.ask_clarification(application=application, by=cleared.reviewer, question="Why?")
    for user in (factories.UserFactory(), rf.secretariat(), cleared.reviewer):
        assert login(client, user).get(url("answer", clarification.pk)).status_code == 404
        assert login(client, user).get(url("clarification_file", clarification.pk)).status_code == 404
