"""Who reviews what: assigning a reviewer, balancing an alliance's queue, and the reviewer's conflict declaration.

All functions take keyword arguments only; the writing ones run in one transaction.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from accounts.permissions import require
from alliances.models import Alliance
from applications.models import Application
from applications.services import transition
from audit.services import record
from notifications.services import queue_email
from organisations.selectors import organisation_ids_of
from reviews import selectors
from reviews.models import Assignment, ReviewerCapacity
from reviews.services.base import MIN_REVIEWERS, ReviewError, lock

logger = logging.getLogger(__name__)


def _refuse(message: str, *, application: Application, reviewer: User) -> ReviewError:
    logger.warning("Assignment refused: %s (application %s, reviewer %s)", message, application.pk, reviewer.pk)
    return ReviewError(message)


def check_assignable(*, application: Application, reviewer: User) -> ReviewerCapacity:
    """Why the reviewer cannot take the application, as a ReviewError; their capacity for its alliance if they can.

    The same conditions as `balance`: a reviewer of the application's alliance, marked available, not acting for
    the applicant, not already assigned, and without a declared conflict of interest on it.
    """
    if not reviewer.is_active or not roles.has_role(reviewer, roles.REVIEWER):
        raise ReviewError(_("%(person)s is not a reviewer.") % {"person": reviewer})
    if application.organisation_id in organisation_ids_of(reviewer):
        raise _refuse(
            _("%(person)s acts for the applicant organisation.") % {"person": reviewer},
            application=application,
            reviewer=reviewer,
        )
    existing = Assignment.objects.filter(application=application, reviewer=reviewer).first()
    if existing is not None and existing.is_conflicted:
        raise _refuse(
            _("%(person)s declared a conflict of interest on %(ref)s and cannot review it.")
            % {"person": reviewer, "ref": application.reference},
            application=application,
            reviewer=reviewer,
        )
    if existing is not None:
        raise ReviewError(
            _("%(person)s is already assigned to %(ref)s.") % {"person": reviewer, "ref": application.reference}
        )
    capacity = ReviewerCapacity.objects.filter(reviewer=reviewer, alliance=application.alliance).first()
    if capacity is None:
        raise ReviewError(
            _("%(person)s is not a reviewer of the %(alliance)s.")
            % {"person": reviewer, "alliance": application.alliance.name}
        )
    if not capacity.is_available:
        raise ReviewError(
            _("%(person)s is marked unavailable for the %(alliance)s.")
            % {"person": reviewer, "alliance": application.alliance.name}
        )
    return capacity


@transaction.atomic
def assign(*, application: Application, reviewer: User, by: User, check_load: bool = True) -> Assignment:
    """Assign a reviewer to an open application; the first assignment puts it under review."""
    application = lock(application)
    if application.state not in selectors.REVIEW_STATES:
        raise ReviewError(_("Only applications open for review can be given reviewers."))
    require(by, "reviews.assign_reviewers", application, _("Only decision makers and administrators assign reviewers."))
    capacity = check_assignable(application=application, reviewer=reviewer)
    if check_load:
        load = selectors.reviewer_loads().get(reviewer.pk, 0)
        if load >= capacity.max_load:
            raise ReviewError(_("%(person)s already has their maximum number of applications.") % {"person": reviewer})
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(application=application, reviewer=reviewer, assigned_by=by)
    except IntegrityError as error:
        raise ReviewError(_("This reviewer is already assigned.")) from error
    record(
        actor=by,
        action="review.assigned",
        target=application,
        data={"assignment": assignment.pk, "reviewer": reviewer.pk},
    )
    if application.state == Application.State.SUBMITTED:
        transition(application=application, to_state=Application.State.UNDER_REVIEW, by=by)
    queue_email(
        key=f"review:assigned:{assignment.pk}",
        to=[reviewer.email],
        template="reviews/email/assigned",
        context={"application": application, "assignment": assignment},
    )
    logger.info("Reviewer %s assigned to application %s by %s", reviewer.pk, application.pk, by.pk)
    return assignment


def _taken(applications: list[Application]) -> dict[int, dict[int, bool | None]]:
    """{application id: {reviewer id: has_conflict}} of the existing assignments."""
    taken: dict[int, dict[int, bool | None]] = {}
    for application_id, reviewer_id, has_conflict in Assignment.objects.filter(
        application__in=applications
    ).values_list("application_id", "reviewer_id", "has_conflict"):
        taken.setdefault(application_id, {})[reviewer_id] = has_conflict
    return taken


def _candidates(
    application: Application,
    capacities: dict[int, ReviewerCapacity],
    loads: dict[int, int],
    existing: dict[int, bool | None],
) -> list[ReviewerCapacity]:
    """The reviewers who could still take the application: not on it, under their load, not the applicant."""
    return [
        capacity
        for reviewer_id, capacity in capacities.items()
        if reviewer_id not in existing
        and loads.get(reviewer_id, 0) < capacity.max_load
        and application.organisation_id not in organisation_ids_of(capacity.reviewer)
    ]


@transaction.atomic
def balance(
    *, alliance: Alliance, by: User, per_application: int = MIN_REVIEWERS
) -> tuple[list[Assignment], list[Application]]:
    """Spread the open applications of the alliance evenly over its available reviewers.

    Each application gets at least `per_application` reviewers who have not declared a conflict on it;
    nobody goes over their maximum load. Returns (new assignments, applications still short of reviewers).
    """
    require(by, "reviews.balance_assignments", alliance, _("Only decision makers and administrators assign reviewers."))
    capacities = {capacity.reviewer_id: capacity for capacity in selectors.available_capacities(alliance)}
    loads = selectors.reviewer_loads()
    applications = list(
        Application.objects.select_for_update()
        .filter(alliance=alliance, state__in=selectors.REVIEW_STATES)
        .order_by("submitted_at", "id")
    )
    taken = _taken(applications)
    created: list[Assignment] = []
    short: list[Application] = []
    for application in applications:
        existing = taken.get(application.pk, {})
        counting = sum(1 for conflicted in existing.values() if conflicted is not True)
        while counting < per_application:
            candidates = _candidates(application, capacities, loads, existing)
            if not candidates:
                short.append(application)
                break
            chosen = min(candidates, key=lambda c: (loads.get(c.reviewer_id, 0), c.reviewer.email))
            created.append(assign(application=application, reviewer=chosen.reviewer, by=by, check_load=False))
            loads[chosen.reviewer_id] = loads.get(chosen.reviewer_id, 0) + 1
            existing[chosen.reviewer_id] = None
            counting += 1
    record(
        actor=by,
        action="review.balanced",
        target=alliance,
        data={"assigned": [a.pk for a in created], "short": [a.pk for a in short]},
    )
    logger.info(
        "Alliance %s balanced by %s: %d assignments, %d applications short",
        alliance.pk,
        by.pk,
        len(created),
        len(short),
    )
    return created, short


@transaction.atomic
def declare_conflict(
    *, assignment: Assignment, by: User, has_conflict: bool, conflict_type: str = "", reason: str = ""
) -> Assignment:
    """The reviewer's declaration on conflicts of interest, made once, before they see the application."""
    assignment = (
        Assignment.objects.select_for_update().select_related("application", "assigned_by").get(pk=assignment.pk)
    )
    if assignment.reviewer_id == by.pk and assignment.is_declared:
        raise ReviewError(_("You have already made your declaration on this application."))
    require(
        by,
        "reviews.declare_conflict",
        assignment,
        _("Only the assigned reviewer declares their conflicts of interest."),
    )
    if has_conflict and (not conflict_type or not reason.strip()):
        raise ReviewError(_("Say what kind of conflict you have and why."))
    assignment.declared_at = timezone.now()
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_type = conflict_type if has_conflict else ""
    assignment.conflict_reason = reason.strip() if has_conflict else ""
    assignment.save(update_fields=["declared_at", "has_conflict", "conflict_type", "conflict_reason"])
    application = assignment.application
    record(
        actor=by,
        action="review.conflict_declared" if has_conflict else "review.no_conflict_declared",
        target=application,
        reason=assignment.conflict_reason,
        data={"assignment": assignment.pk, "conflict_type": assignment.conflict_type},
    )
    if has_conflict:
        queue_email(
            key=f"review:conflict:{assignment.pk}",
            to=[assignment.assigned_by.email],
            template="reviews/email/conflict_declared",
            context={"application": application, "assignment": assignment},
        )
        logger.warning(
            "Reviewer %s declared a conflict of interest on application %s: they cannot review it",
            by.pk,
            application.pk,
        )
    else:
        logger.info("Reviewer %s declared no conflict of interest on application %s", by.pk, application.pk)
    return assignment
