"""The four-eyes decision, its effects and its letter (services)."""

import logging
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from audit.selectors import entries_for
from documents.pdf import sha256_hex
from memberships.models import Membership
from reviews import services
from reviews.models import Decision
from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def test_decide_approval_admits_and_renders_letter(django_capture_on_commit_callbacks):
    application = rf.reviewed_application()
    applicant = rf.applicant_of(application)
    boss = rf.decision_maker()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            application=application,
            by=boss,
            outcome="approve",
            justification="Strong on every criterion.",
            evaluation_summary=rf.summary_for(application),
        )
    application.refresh_from_db()
    decision.refresh_from_db()
    assert application.state == Application.State.APPROVED
    membership = Membership.objects.get(organisation=application.organisation, alliance=application.alliance)
    assert membership.is_active and membership.application == application
    assert decision.letter_ready
    with decision.letter.open("rb") as handle:
        content = handle.read()
    assert content[:5] == b"%PDF-"

    assert sha256_hex(content) == decision.letter_sha256
    assert any(applicant.email in m.to and "Strong on every criterion." in m.body for m in mail.outbox)
    assert entries_for(application).filter(action="review.decided").exists()


@pytest.mark.parametrize(
    ("outcome", "subject", "sentence"),
    [
        ("approve", "approved: you are a member of the {alliance}", "Decision: your application is approved."),
        ("reject", "rejected", "Decision: your application is rejected."),
    ],
)
def test_decide_applicant_email_states_outcome_justification_and_letter(
    django_capture_on_commit_callbacks, settings, outcome, subject, sentence
):
    settings.SITE_URL = "https://alliances.example.eu"
    application = rf.reviewed_application()
    applicant = rf.applicant_of(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=application,
            by=rf.decision_maker(),
            outcome=outcome,
            justification="Assessed against every criterion of the Terms of Reference.",
            evaluation_summary=rf.summary_for(application),
        )
    [email] = [m for m in mail.outbox if applicant.email in m.to]
    expected = f"Application {application.reference} {subject.format(alliance=application.alliance.name)}"
    assert email.subject.endswith(expected)
    assert sentence in email.body
    assert "Under review" not in email.body and "Under review" not in email.subject
    assert "Justification:\nAssessed against every criterion of the Terms of Reference." in email.body
    assert "download the decision letter" in email.body
    assert f"https://alliances.example.eu/applications/{application.pk}/" in email.body
    if outcome == "approve":
        assert f"is now a member of the {application.alliance.name}" in email.body


def test_decide_rejection_creates_no_membership():
    application = rf.reviewed_application(score=Decimal("1"))
    services.decide(
        application=application,
        by=rf.decision_maker(),
        outcome="reject",
        justification="Below threshold.",
        evaluation_summary=[],
    )
    application.refresh_from_db()
    assert application.state == Application.State.REJECTED
    assert not Membership.objects.filter(organisation=application.organisation).exists()


def test_decide_by_own_reviewer_is_refused_four_eyes():
    boss = rf.decision_maker()
    boss.groups.add(*factories.UserFactory(roles=["Reviewers"]).groups.all())
    boss = type(boss).objects.get(pk=boss.pk)
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, boss, by=rf.decision_maker(), declare=False))
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    with pytest.raises(PermissionDenied):
        services.decide(
            application=application, by=boss, outcome="approve", justification="Mine.", evaluation_summary=[]
        )
    assert not Decision.objects.exists()


def test_decide_with_pending_review_needs_a_reason():
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    rf.assign(application, rf.reviewer(), declare=False)
    boss = rf.decision_maker()
    with pytest.raises(ValidationError):
        services.decide(application=application, by=boss, outcome="reject", justification="No.", evaluation_summary=[])
    decision = services.decide(
        application=application,
        by=boss,
        outcome="reject",
        justification="No.",
        evaluation_summary=[],
        reason_without_all_reviews="The second reviewer left the Commission.",
    )
    assert decision.reason_without_all_reviews == "The second reviewer left the Commission."


def test_decide_conflicted_reviewer_does_not_block():
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    rf.assign(application, rf.reviewer(), declare=True)
    decision = services.decide(
        application=application, by=rf.decision_maker(), outcome="approve", justification="OK.", evaluation_summary=[]
    )
    assert decision.pk


def test_decide_twice_is_refused():
    application = rf.reviewed_application()
    services.decide(
        application=application, by=rf.decision_maker(), outcome="approve", justification="Yes.", evaluation_summary=[]
    )
    with pytest.raises(ValidationError):
        services.decide(
            application=application,
            by=rf.decision_maker(),
            outcome="reject",
            justification="No.",
            evaluation_summary=[],
        )
    assert Decision.objects.count() == 1


def test_decide_by_reviewer_role_is_refused():
    application = rf.reviewed_application()
    with pytest.raises(PermissionDenied):
        services.decide(
            application=application, by=rf.reviewer(), outcome="approve", justification="Yes.", evaluation_summary=[]
        )


def test_store_decision_letter_is_idempotent():
    application = rf.reviewed_application()
    decision = services.decide(
        application=application,
        by=rf.decision_maker(),
        outcome="approve",
        justification="Yes.",
        evaluation_summary=[],
    )
    first = services.store_decision_letter(decision_id=decision.pk)
    second = services.store_decision_letter(decision_id=decision.pk)
    assert first.letter_sha256 == second.letter_sha256 and first.letter.name == second.letter.name


def test_decide_refusals_are_logged_for_the_operator_and_the_decision_at_info(caplog):
    caplog.set_level(logging.INFO, logger="reviews")
    double = rf.decision_maker_and_reviewer()
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, double, by=rf.decision_maker(), declare=False))
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    with pytest.raises(PermissionDenied):
        services.decide(
            application=application, by=double, outcome="approve", justification="Mine.", evaluation_summary=[]
        )
    decider = rf.decision_maker()
    services.decide(application=application, by=decider, outcome="approve", justification="Yes.", evaluation_summary=[])
    with pytest.raises(ValidationError):
        services.decide(
            application=application, by=decider, outcome="reject", justification="No.", evaluation_summary=[]
        )
    records = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "reviews.services.decision"]
    assert records == [
        ("WARNING", f"Decision refused by four-eyes: {double.pk} was assigned to review application {application.pk}"),
        ("INFO", f"Application {application.pk} decided by {decider.pk}: approve"),
        ("WARNING", f"Decision refused: application {application.pk} is already decided (by {decider.pk})"),
    ]
