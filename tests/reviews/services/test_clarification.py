"""Questions to the applicant and their answers (services)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from audit.selectors import entries_for
from reviews import services
from reviews.models import Clarification
from tests import factories
from tests.factories import reviews as rf
from tests.pdfs import fake_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db


def test_ask_clarification_and_answer_keeps_the_exchange(django_capture_on_commit_callbacks):
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    applicant = rf.applicant_of(application)
    with django_capture_on_commit_callbacks(execute=True):
        clarification = services.ask_clarification(
            application=application, by=assignment.reviewer, question="Which ISO certificates do you hold?"
        )
    application.refresh_from_db()
    assert application.state == Application.State.CLARIFICATION_REQUESTED
    applicant_mail = [m for m in mail.outbox if applicant.email in m.to]
    assert applicant_mail and "Which ISO certificates" in applicant_mail[-1].body
    assert assignment.reviewer.full_name not in applicant_mail[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_clarification(
            clarification=clarification, by=applicant, answer="ISO 27001.", uploaded_file=pdf_upload()
        )
    application.refresh_from_db()
    clarification.refresh_from_db()
    assert application.state == Application.State.UNDER_REVIEW
    assert clarification.answer == "ISO 27001." and len(clarification.answer_sha256) == 64
    assert any(assignment.reviewer.email in m.to for m in mail.outbox)
    actions = list(entries_for(application).values_list("action", flat=True))
    assert "review.clarification_requested" in actions and "review.clarification_answered" in actions


def test_ask_clarification_by_unassigned_reviewer_is_refused():
    application = rf.submitted_application()
    rf.assign(application, rf.reviewer(), declare=False)
    with pytest.raises(PermissionDenied):
        services.ask_clarification(application=application, by=rf.reviewer(), question="?")


def test_answer_clarification_twice_is_refused():
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    clarification = services.ask_clarification(application=application, by=assignment.reviewer, question="Why?")
    applicant = rf.applicant_of(application)
    services.answer_clarification(clarification=clarification, by=applicant, answer="Because.")
    with pytest.raises(ValidationError):
        services.answer_clarification(clarification=clarification, by=applicant, answer="Again.")


def test_answer_clarification_with_fake_pdf_is_refused():
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    clarification = services.ask_clarification(application=application, by=assignment.reviewer, question="Why?")
    with pytest.raises(ValidationError):
        services.answer_clarification(
            clarification=clarification,
            by=rf.applicant_of(application),
            answer="See file.",
            uploaded_file=fake_pdf_upload(),
        )
    assert Clarification.objects.get(pk=clarification.pk).is_open


def test_answer_clarification_by_outsider_is_refused():
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    clarification = services.ask_clarification(application=application, by=assignment.reviewer, question="Why?")
    with pytest.raises(PermissionDenied):
        services.answer_clarification(clarification=clarification, by=factories.UserFactory(), answer="Me.")
