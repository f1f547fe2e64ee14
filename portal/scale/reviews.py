"""Reviewers with realistic loads, assignments, conflicts, reviews with their assessments, clarifications
and decisions, in bulk.

`--reviews` is the number of Review rows; each reviewer carries about `reviewer_load` of them, so the demo
reviewer's queue is as long as a real one. Assignments not declared yet and conflicts come on top.
"""

import math
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from alliances.models import Alliance
from applications.models import Application
from portal.scale.common import Scale, bulk
from reviews.models import Assignment, Clarification, CriterionAssessment, Decision, Review, ReviewerCapacity

S = Application.State
REVIEWED = (S.UNDER_REVIEW, S.CLARIFICATION_REQUESTED, S.APPROVED, S.REJECTED)
DEMO_REVIEWERS = ("reviewer1@commission.example.eu", "reviewer2@commission.example.eu")
DEMO_DECIDER = "decider@commission.example.eu"


def build(scale: Scale, applications: list) -> None:
    reviewed = [a for a in applications if a.state in REVIEWED]
    if not reviewed:
        return
    reviewers = _reviewers(scale)
    decider = User.objects.get(email=DEMO_DECIDER)
    per_application = _spread(scale, scale.size.reviews, len(reviewed), len(reviewers))
    assignments, reviews = [], []
    for application, count in zip(reviewed, per_application, strict=True):
        chosen = scale.rng.sample(reviewers, count + 1)
        application.first_reviewer = chosen[0]
        complete = application.state in (S.APPROVED, S.REJECTED) or scale.rng.random() < 0.6
        for index, reviewer in enumerate(chosen):
            last = index == count
            assignment, review = _assignment(scale, application, reviewer, decider, complete=complete, extra=last)
            if assignment is not None:
                assignments.append(assignment)
            if review is not None:
                reviews.append(review)
    bulk(scale, Assignment, assignments)
    bulk(scale, Review, reviews)
    _assessments(scale, reviews)
    _clarifications(scale, reviewed)
    _decisions(scale, reviewed, decider)


def _reviewers(scale):
    """The two demo reviewers and enough others for about `reviewer_load` reviews each."""
    wanted = max(3, math.ceil(scale.size.reviews / max(1, scale.size.reviewer_load)))
    password = make_password(DEMO_PASSWORD)
    others = [
        User(email=f"reviewer{n}@commission.{scale_domain()}", full_name=f"Reviewer {n}", password=password)
        for n in range(3, wanted + 1)
    ]
    others = bulk(scale, User, others, "users")
    group = Group.objects.get(name=roles.REVIEWER)
    bulk(scale, User.groups.through, [User.groups.through(user_id=u.pk, group_id=group.pk) for u in others], "roles")
    people = list(User.objects.filter(email__in=DEMO_REVIEWERS)) + others
    capacities = [
        ReviewerCapacity(reviewer=person, alliance=alliance, max_load=250)
        for person in others
        for alliance in Alliance.objects.all()
    ]
    bulk(scale, ReviewerCapacity, capacities, "reviewer availabilities")
    return people


def scale_domain():
    return "scale.example.eu"


def _spread(scale, total, applications, reviewers):
    """How many reviews each application gets: `total` spread evenly, at least 2, at most reviewers - 1."""
    base, extra = divmod(total, applications)
    counts = [base + (1 if i < extra else 0) for i in range(applications)]
    scale.rng.shuffle(counts)
    return [max(2, min(count, reviewers - 1)) for count in counts]


def _assignment(scale, application, reviewer, decider, *, complete, extra):
    """An assignment and its review; the extra one is a conflict, or not declared yet on an open application."""
    rng, latest = scale.rng, scale.now - timedelta(minutes=5)
    assigned = min(application.submitted_at + timedelta(days=rng.uniform(0.5, 4)), latest)
    assignment = Assignment(application=application, reviewer=reviewer, assigned_by=decider, assigned_at=assigned)
    if extra:
        if rng.random() < 0.15:
            assignment.declared_at = assigned + timedelta(hours=3)
            assignment.has_conflict = True
            assignment.conflict_type = Assignment.ConflictType.COMPETITOR
            assignment.conflict_reason = "We compete for the same public tenders."
            return assignment, None
        if application.state in (S.APPROVED, S.REJECTED) or complete:
            return None, None
        return assignment, None
    assignment.declared_at = min(assigned + timedelta(days=rng.uniform(0.1, 2)), latest)
    assignment.has_conflict = False
    end = application.decided_at or latest
    submitted = complete or rng.random() < 0.5
    review = Review(
        assignment=assignment,
        status=Review.Status.SUBMITTED if submitted else Review.Status.DRAFT,
        recommendation=rng.choice(["admit", "admit", "refuse", "clarify"]) if submitted else "",
        justification="Meets the Terms of Reference; evidence checked." if submitted else "",
        created_at=assignment.declared_at,
        updated_at=assignment.declared_at,
    )
    if submitted:
        review.submitted_at = max(assignment.declared_at, end - timedelta(days=rng.uniform(0.5, 10)))
        review.updated_at = review.submitted_at
    return assignment, review


def _assessments(scale, reviews):
    rng, rows = scale.rng, []
    for review in reviews:
        criteria = review.assignment.application.criteria
        if not review.is_submitted:
            criteria = criteria[: len(criteria) // 2]
        for criterion in criteria:
            if criterion.is_gate:
                verdict = rng.choices(["met", "not_met", "unclear"], weights=[88, 7, 5])[0]
                rows.append(
                    CriterionAssessment(review=review, criterion=criterion, verdict=verdict, comment="Checked.")
                )
            else:
                steps = int((criterion.scale_max - criterion.scale_min) / criterion.scale_step)
                score = criterion.scale_min + criterion.scale_step * rng.randint(steps // 3, steps)
                rows.append(CriterionAssessment(review=review, criterion=criterion, score=score, comment="Evidenced."))
    bulk(scale, CriterionAssessment, rows, "assessments")


def _clarifications(scale, reviewed):
    rows = []
    for application in reviewed:
        asked = application.submitted_at + timedelta(days=3)
        if application.state == S.CLARIFICATION_REQUESTED:
            rows.append(_clarification(application, asked, answered=False))
        elif scale.rng.random() < 0.25:
            rows.append(_clarification(application, asked, answered=True))
    bulk(scale, Clarification, rows, "clarification requests")


def _clarification(application, asked, *, answered):
    clarification = Clarification(
        application=application,
        question="Please describe how you secure your supply of critical materials.",
        asked_by=application.first_reviewer,
        asked_at=asked,
    )
    if answered:
        clarification.answer = "Two qualified suppliers in the Union for each critical material."
        clarification.answered_by = application.created_by
        clarification.answered_at = asked + timedelta(days=2)
    return clarification


def _decisions(scale, reviewed, decider):
    rows = []
    for application in reviewed:
        if application.state not in (S.APPROVED, S.REJECTED):
            continue
        approve = application.state == S.APPROVED
        rows.append(
            Decision(
                application=application,
                outcome=Decision.Outcome.APPROVE if approve else Decision.Outcome.REJECT,
                justification="Meets every gate and scores above the threshold."
                if approve
                else "The security and data-protection criteria are not met.",
                evaluation_summary=_summary(application, "4" if approve else "2"),
                weighted_total=Decimal("18.50") if approve else Decimal("9.00"),
                overall_threshold=application.criteria_version.overall_threshold,
                decided_by=decider,
                decided_at=application.decided_at,
            )
        )
    bulk(scale, Decision, rows, "decisions")


def _summary(application, score):
    return [
        {
            "code": c.code,
            "title": c.title,
            "kind": c.kind,
            "verdict": "met" if c.is_gate else "",
            "verdict_label": "Met" if c.is_gate else "",
            "score": "" if c.is_gate else score,
            "scale_max": format(c.scale_max.normalize(), "f"),
            "comment": "Well evidenced in the application.",
        }
        for c in application.criteria
    ]
