"""The whole review of one application through the pages, from balancing to the decision letter and the audit trail.

Every step is an HTTP request of the person who takes it (force_login; Commission staff have TOTP set up, as the
middleware requires). E-mails go out when each request's transaction commits, as they would in production.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Application
from memberships.models import Membership
from reviews.models import Assignment, Clarification, Decision, Review
from tests import factories
from tests.factories import reviews as rf
from tests.pdfs import pdf_upload
from tests.reviews.pages import decision_post, review_post

pytestmark = pytest.mark.django_db


def test_review_flow_from_balance_to_letter_and_audit_trail(client, django_capture_on_commit_callbacks):
    alliance = factories.alliance()
    applicant = factories.UserFactory(full_name="Anna Applicant")
    organisation = factories.OrganisationFactory(owner=applicant)
    application = factories.submitted_application(organisation=organisation, by=applicant)
    assigner = rf.decision_maker(full_name="Alex Assigner")
    decider = rf.decision_maker(full_name="Dora Decider")
    reviewers = [rf.reviewer(alliance, full_name=name) for name in ("Rita Reviewer", "Rolf Reviewer", "Ruth Reviewer")]
    administrator = rf.administrator(full_name="Ada Administrator")

    def as_user(user, method, address, data=None, **extra):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(address, data or {}, **extra)
        return response

    def review(name, *args):
        return reverse(f"reviews:{name}", args=args)

    # Balance: two reviewers of the alliance are assigned and told.
    mail.outbox.clear()
    assert as_user(assigner, "post", review("balance"), {"balance-alliance": alliance.pk}).status_code == 302
    first, second = Assignment.objects.filter(application=application).order_by("pk").select_related("reviewer")
    spare = next(person for person in reviewers if person.pk not in (first.reviewer_id, second.reviewer_id))
    assert {tuple(m.to) for m in mail.outbox} >= {(first.reviewer.email,), (second.reviewer.email,)}

    # The first reviewer declares a conflict; the assigner hears of it and assigns the third reviewer.
    response = as_user(first.reviewer, "get", review("application", application.pk))
    assert response.status_code == 302 and response["Location"] == review("declare", application.pk)
    conflict = {"has_conflict": "yes", "conflict_type": "competitor", "reason": "We compete on power chips."}
    assert as_user(first.reviewer, "post", review("declare", application.pk), conflict).status_code == 302
    assert any(assigner.email in m.to and "Conflict of interest" in m.subject for m in mail.outbox)
    assert as_user(first.reviewer, "get", review("application", application.pk)).status_code == 404
    assert as_user(assigner, "post", review("assign", application.pk), {"reviewer": spare.pk}).status_code == 302
    third = Assignment.objects.get(application=application, reviewer=spare)

    # Both remaining reviewers declare no conflict and score, as drafts.
    for assignment in (second, third):
        person = assignment.reviewer
        assert as_user(person, "post", review("declare", application.pk), {"has_conflict": "no"}).status_code == 302
        response = as_user(person, "post", review("application", application.pk), review_post(application))
        assert response.status_code == 302
        assert Review.objects.get(assignment=assignment).status == Review.Status.DRAFT

    # One asks the applicant for clarification; the applicant answers with text and a PDF.
    question = {"question": "Which certificates cover your packaging line?"}
    assert as_user(second.reviewer, "post", review("clarify", application.pk), question).status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.CLARIFICATION_REQUESTED
    assert any(applicant.email in m.to and question["question"] in m.body for m in mail.outbox)
    clarification = Clarification.objects.get(application=application)
    detail = as_user(applicant, "get", reverse("applications:detail", args=[application.pk])).text
    assert question["question"] in detail and review("answer", clarification.pk) in detail
    answer = {"answer": "ISO 9001 and IATF 16949; the certificates are attached.", "file": pdf_upload()}
    assert as_user(applicant, "post", review("answer", clarification.pk), answer).status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.UNDER_REVIEW
    response = as_user(third.reviewer, "get", review("clarification_file", clarification.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"

    # Both submit; the decision makers hear that the application is ready.
    for assignment, score in ((second, "4"), (third, "3.5")):
        data = review_post(application, score=score, submit=True)
        assert as_user(assignment.reviewer, "post", review("application", application.pk), data).status_code == 302
        assert Review.objects.get(assignment=assignment).is_submitted
    assert any(decider.email in m.to and "ready for a decision" in m.subject for m in mail.outbox)

    # The decision maker reads the consolidated view and approves.
    page = as_user(decider, "get", review("decision", application.pk))
    assert page.status_code == 200 and str(Decimal("3.75")) in page.text
    assert as_user(decider, "post", review("decision", application.pk), decision_post(application)).status_code == 302
    decision = Decision.objects.get(application=application)
    application.refresh_from_db()
    assert application.state == Application.State.APPROVED and decision.letter_ready
    membership = Membership.objects.get(organisation=organisation, alliance=alliance)
    assert membership.is_active and membership.application == application

    # The applicant is told the outcome and downloads the letter from the application page.
    [decided] = [m for m in mail.outbox if applicant.email in m.to and "approved" in m.subject]
    assert decision.justification in decided.body and "decision letter" in decided.body
    detail = as_user(applicant, "get", reverse("applications:detail", args=[application.pk])).text
    assert review("letter", decision.pk) in detail
    response = as_user(applicant, "get", review("letter", decision.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"

    # Nothing the applicant received over the whole flow names a reviewer.
    to_applicant = [m for m in mail.outbox if applicant.email in m.to or organisation.contact_email in m.to]
    assert len(to_applicant) >= 4  # under review, clarification requested, back under review, decided
    staff = [*reviewers, assigner, decider]
    for message in to_applicant:
        for person in staff:
            assert person.full_name not in message.subject + message.body
            assert person.email not in message.subject + message.body

    # The audit trail lists every step.
    response = as_user(administrator, "get", review("audit", application.pk))
    assert response.status_code == 200
    for action in (
        "review.assigned",
        "review.conflict_declared",
        "review.no_conflict_declared",
        "review.clarification_requested",
        "review.clarification_answered",
        "review.submitted",
        "review.decided",
        "review.decision_letter_rendered",
        "application.state_changed",
    ):
        assert action in response.text, action
    assert response.text.count("review.assigned") == 3 and response.text.count("review.submitted") == 2
    assert "We compete on power chips." in response.text and decision.justification in response.text
