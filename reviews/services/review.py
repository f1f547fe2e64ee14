"""The reviewer's own review: saved as a draft, then submitted once; the decision makers hear when all are in.

All functions take keyword arguments only and run in one transaction.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from accounts.permissions import require
from alliances.models import Criterion
from applications.models import Application
from audit.services import record
from notifications.recipients import emails_in_role
from notifications.services import queue_email
from reviews import scoring, selectors
from reviews.models import Assignment, CriterionAssessment, Review
from reviews.services.base import ReviewError, lock

logger = logging.getLogger(__name__)

Assessments = dict[int, dict[str, Any]]


def _check_may_write(*, assignment: Assignment, application: Application, by: User) -> None:
    """The assigned reviewer, declared free of conflicts, on an application still open for review."""
    require(
        by,
        "reviews.review_application",
        assignment,
        _("Only the assigned reviewer writes this review, once they declared no conflict of interest."),
    )
    if application.state not in selectors.REVIEW_STATES:
        raise ReviewError(_("This application is no longer open for review."))


def _cleaned(
    criteria: Mapping[int, Criterion],
    assessments: Mapping[Any, Mapping[str, Any]],
    *,
    recommendation: str,
    justification: str,
    submit: bool,
) -> Assessments:
    """The assessments as stored, per criterion id; a ReviewError {criterion code or field: message} if wrong.

    A submitted review must also be complete (see scoring.check_complete).
    """
    cleaned: Assessments = {}
    errors: dict[str, str] = {}
    for criterion_id, values in assessments.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ReviewError(_("A criterion that is not part of this application's criteria was assessed."))
        cleaned[criterion.pk], error = scoring.clean_assessment(criterion, values)
        if error is not None:
            errors[criterion.code] = error
    if recommendation and recommendation not in Review.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if submit and not errors:
        errors = scoring.check_complete(criteria.values(), cleaned, recommendation, justification)
    if errors:
        raise ReviewError(errors)
    return cleaned


def _store_assessments(review: Review, cleaned: Assessments) -> None:
    """Create the new assessments and update the existing ones, in two queries."""
    existing = {a.criterion_id: a for a in review.assessments.all()}
    to_create, to_update = [], []
    for criterion_id, values in cleaned.items():
        assessment = existing.get(criterion_id)
        if assessment is None:
            to_create.append(CriterionAssessment(review=review, criterion_id=criterion_id, **values))
        else:
            assessment.verdict, assessment.score, assessment.comment = (
                values["verdict"],
                values["score"],
                values["comment"],
            )
            to_update.append(assessment)
    CriterionAssessment.objects.bulk_create(to_create)
    CriterionAssessment.objects.bulk_update(to_update, ["verdict", "score", "comment"])


@transaction.atomic
def save_review(
    *,
    assignment: Assignment,
    by: User,
    assessments: Mapping[Any, Mapping[str, Any]],
    recommendation: str = "",
    justification: str = "",
    submit: bool = False,
) -> Review:
    """Save a review as draft, or submit it (once; it is read-only afterwards).

    `assessments` maps a criterion id to {"verdict": str, "score": Decimal|None, "comment": str}.
    """
    # The application is locked so that reviews finishing at the same moment see each other.
    application = lock(assignment.application)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_may_write(assignment=assignment, application=application, by=by)
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if review.is_submitted:
        raise ReviewError(_("This review is submitted and can no longer be changed."))
    criteria = {criterion.pk: criterion for criterion in application.criteria_version.criteria.all()}
    cleaned = _cleaned(criteria, assessments, recommendation=recommendation, justification=justification, submit=submit)
    _store_assessments(review, cleaned)
    review.recommendation = recommendation or ""
    review.justification = (justification or "").strip()
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        _submitted(review=review, application=application, by=by)
    return review


def _submitted(*, review: Review, application: Application, by: User) -> None:
    record(
        actor=by,
        action="review.submitted",
        target=application,
        data={"review": review.pk, "recommendation": review.recommendation},
    )
    logger.info("Review %s of application %s submitted by %s", review.pk, application.pk, by.pk)
    _tell_decision_makers_if_complete(application)


def _tell_decision_makers_if_complete(application: Application) -> None:
    counting = selectors.active_assignments().filter(application=application)
    if counting.exclude(review__status=Review.Status.SUBMITTED).exists():
        return
    reviewer_ids = list(Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True))
    queue_email(
        key=f"review:complete:{application.pk}",
        to=emails_in_role(roles.DECISION_MAKER, exclude_ids=reviewer_ids),
        template="reviews/email/reviews_complete",
        context={"application": application},
    )
