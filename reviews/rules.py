"""Who may do what on the review side, declared once per model and action; every view asks these.

Objects: an Application for the queue-level and decision permissions, an Assignment for a reviewer's own
work, a Clarification or a Decision for what the applicant sees.
"""

import rules

from accounts.predicates import is_administrator, is_decision_maker, is_reviewer
from applications.models import Application
from organisations.selectors import organisation_ids_of
from reviews import selectors


@rules.predicate
def is_cleared_reviewer(user, application):
    """Assigned, and declared no conflict of interest."""
    if application is None or not is_reviewer(user):
        return False
    assignment = _own_assignment(user, application)
    return assignment is not None and assignment.is_cleared


@rules.predicate
def has_submitted_own_review(user, application):
    if application is None:
        return False
    assignment = _own_assignment(user, application)
    if assignment is None or not assignment.is_cleared:
        return False
    review = selectors.review_of(assignment)
    return review is not None and review.is_submitted


@rules.predicate
def never_assigned(user, application):
    """Four-eyes: nobody decides an application they were assigned to review."""
    return application is not None and not selectors.is_assigned(user, application)


@rules.predicate
def reviews_independently_done(user, application):
    """Not assigned to review it, or assigned and their own review is submitted.

    A decision maker who is also one of the application's reviewers must form their own view first, like
    every reviewer; a conflicted one never submits, so never sees the others' reviews.
    """
    return never_assigned(user, application) or has_submitted_own_review(user, application)


@rules.predicate
def is_under_review(user, application):
    return application is not None and application.state == Application.State.UNDER_REVIEW


@rules.predicate
def was_submitted(user, application):
    """From submission on: never a draft, nor an application withdrawn before it was submitted."""
    if application is None or application.state == Application.State.DRAFT:
        return False
    return application.state != Application.State.WITHDRAWN or application.submitted_at is not None


@rules.predicate
def is_open_for_review(user, application):
    return application is not None and application.state in selectors.REVIEW_STATES


# Assignments -------------------------------------------------------------------------------------------------


@rules.predicate
def owns_assignment(user, assignment):
    return assignment is not None and assignment.reviewer_id == user.pk and is_reviewer(user)


@rules.predicate
def assignment_undeclared(user, assignment):
    return assignment is not None and not assignment.is_declared


@rules.predicate
def assignment_cleared(user, assignment):
    return assignment is not None and assignment.is_cleared


@rules.predicate
def assignment_application_under_review(user, assignment):
    return assignment is not None and assignment.application.state == Application.State.UNDER_REVIEW


# The applicant's side ----------------------------------------------------------------------------------------


@rules.predicate
def acts_for_applicant_of(user, obj):
    """obj: a Clarification or a Decision, both of which have an `application`."""
    return obj is not None and obj.application.organisation_id in organisation_ids_of(user)


@rules.predicate
def clarification_open(user, clarification):
    return clarification is not None and clarification.is_open


def _own_assignment(user, application):
    cache = getattr(application, "_own_assignments", None)
    if cache is None:
        cache = application._own_assignments = {}
    if user.pk not in cache:
        prefetched = getattr(application, "_prefetched_objects_cache", {}).get("review_assignments")
        if prefetched is not None:
            cache[user.pk] = next((a for a in prefetched if a.reviewer_id == user.pk), None)
        else:
            cache[user.pk] = selectors.assignment_of(user, application)
    return cache[user.pk]


# No object: the review area and its lists.
rules.add_perm("reviews.view_queue", is_reviewer | is_decision_maker | is_administrator)
rules.add_perm("reviews.export_queue", is_decision_maker)
rules.add_perm("reviews.balance_assignments", is_decision_maker | is_administrator)

# Object: an Application.
# The snapshot and documents, for review; through it, the organisation's profile and its Declaration.
rules.add_perm(
    "reviews.view_application", is_cleared_reviewer | ((is_decision_maker | is_administrator) & was_submitted)
)
rules.add_perm("reviews.assign_reviewers", (is_decision_maker | is_administrator) & is_open_for_review)
rules.add_perm("reviews.view_assignments", is_decision_maker | is_administrator)
# Scores, verdicts and reviewers' comments: decision makers, and a reviewer once their own is submitted; a decision
# maker who is also assigned to the application waits for their own review like any reviewer.
rules.add_perm("reviews.view_reviews", (is_decision_maker & reviews_independently_done) | has_submitted_own_review)
rules.add_perm("reviews.decide", is_decision_maker & never_assigned & is_under_review)
rules.add_perm("reviews.view_decision_page", is_decision_maker & never_assigned & was_submitted)
# Decision makers see the trail of the applications they decide (four eyes, as for the decision page).
rules.add_perm("reviews.view_audit_trail", is_administrator | (is_decision_maker & never_assigned & was_submitted))

# Object: an Assignment (the reviewer's own work).
rules.add_perm("reviews.declare_conflict", owns_assignment & assignment_undeclared)
rules.add_perm("reviews.review_application", owns_assignment & assignment_cleared)
rules.add_perm("reviews.ask_clarification", owns_assignment & assignment_cleared & assignment_application_under_review)

# Object: a Clarification / a Decision (the applicant's side).
rules.add_perm("reviews.view_clarification", acts_for_applicant_of | is_decision_maker)
rules.add_perm("reviews.answer_clarification", acts_for_applicant_of & clarification_open)
rules.add_perm("reviews.download_decision_letter", acts_for_applicant_of | is_decision_maker | is_administrator)
