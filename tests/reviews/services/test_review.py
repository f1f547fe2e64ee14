"""The reviewer's own review: drafts, submission, what a complete review holds (service)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import OutgoingEmail
from reviews import services
from reviews.models import Review
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def test_save_review_before_declaration_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer())
    with pytest.raises(PermissionDenied):
        rf.submit_review(assignment)


def test_save_review_draft_then_submit_is_read_only_after():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    application = assignment.application
    draft = services.save_review(
        assignment=assignment, by=assignment.reviewer, assessments={}, recommendation="", justification=""
    )
    assert draft.status == Review.Status.DRAFT
    review = rf.submit_review(assignment)
    assert review.is_submitted and review.submitted_at is not None
    assert review.assessments.count() == application.criteria_version.criteria.count()
    with pytest.raises(ValidationError):
        rf.submit_review(assignment)


def test_save_review_incomplete_submission_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    with pytest.raises(ValidationError) as error:
        services.save_review(
            assignment=assignment,
            by=assignment.reviewer,
            assessments={},
            recommendation="admit",
            justification="Fine.",
            submit=True,
        )
    assert "security" in error.value.message_dict
    assert not Review.objects.filter(status="submitted").exists()


def test_save_review_score_off_scale_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assessments = rf.assessments_for(assignment.application)
    criterion = assignment.application.criteria_version.criteria.filter(kind="score").first()
    for bad in (Decimal("5.5"), Decimal("3.3"), Decimal("-1")):
        assessments[criterion.pk]["score"] = bad
        with pytest.raises(ValidationError):
            services.save_review(assignment=assignment, by=assignment.reviewer, assessments=assessments)


def test_save_review_half_points_are_accepted():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    review = rf.submit_review(assignment, score=Decimal("3.5"))
    assert {a.score for a in review.assessments.exclude(score=None)} == {Decimal("3.5")}


def test_save_review_low_score_without_comment_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assessments = rf.assessments_for(assignment.application, score=Decimal("2"), comment="")
    with pytest.raises(ValidationError) as error:
        services.save_review(
            assignment=assignment,
            by=assignment.reviewer,
            assessments=assessments,
            recommendation="refuse",
            justification="Weak.",
            submit=True,
        )
    assert any("comment" in " ".join(m) for m in error.value.message_dict.values())


def test_save_review_gate_not_met_without_comment_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assessments = rf.assessments_for(assignment.application, verdict="not_met", comment="")
    with pytest.raises(ValidationError):
        services.save_review(
            assignment=assignment,
            by=assignment.reviewer,
            assessments=assessments,
            recommendation="refuse",
            justification="No.",
            submit=True,
        )


def test_save_review_last_submission_tells_decision_makers_once(django_capture_on_commit_callbacks):
    boss = rf.decision_maker()
    application = rf.submitted_application()
    first = rf.assign(application, rf.reviewer(), by=boss, declare=False)
    second = rf.assign(application, rf.reviewer(), by=boss, declare=False)
    with django_capture_on_commit_callbacks(execute=True):
        rf.submit_review(first)
    assert not OutgoingEmail.objects.filter(key=f"review:complete:{application.pk}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        rf.submit_review(second)
    email = OutgoingEmail.objects.get(key=f"review:complete:{application.pk}")
    assert boss.email in email.to
