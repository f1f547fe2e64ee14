"""Reminders: reviews open too long, applications waiting too long for a decision (run daily by Celery beat)."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import roles
from applications.models import Application
from notifications.services import queue_email
from reviews import selectors
from reviews.models import Review

logger = logging.getLogger(__name__)


def _period(since: datetime, today: date, every: int) -> int:
    """How many whole reminder periods of `every` days lie between the date of `since` and `today`."""
    return (today - timezone.localdate(since)).days // every


def _remind_reviewers(today: date, every: int) -> int:
    queued = 0
    overdue = (
        selectors.active_assignments()
        .filter(application__state__in=selectors.REVIEW_STATES, assigned_at__date__lte=today - timedelta(days=every))
        .exclude(review__status=Review.Status.SUBMITTED)
        .select_related("reviewer", "application__organisation", "application__alliance")
        .order_by("pk")
    )
    for assignment in overdue:
        period = _period(assignment.assigned_at, today, every)
        with transaction.atomic():
            if queue_email(
                key=f"reminder:review:{assignment.pk}:{period}",
                to=[assignment.reviewer.email],
                template="reviews/email/review_reminder",
                context={"application": assignment.application, "assignment": assignment, "days": every},
            ):
                queued += 1
    return queued


def _remind_decision_makers(ready: list[Application], today: date, every: int) -> int:
    queued = 0
    decision_makers = get_user_model().objects.filter(groups__name=roles.DECISION_MAKER, is_active=True)
    for decision_maker in decision_makers.order_by("pk"):
        for application in ready:
            # Four-eyes: nobody is asked to decide an application they were assigned to review.
            if any(a.reviewer_id == decision_maker.pk for a in application.review_assignments.all()):
                continue
            period = _period(application.ready_since, today, every)  # type: ignore[attr-defined]  # annotated
            with transaction.atomic():
                if queue_email(
                    key=f"reminder:decide:{decision_maker.pk}:{application.pk}:{period}",
                    to=[decision_maker.email],
                    template="reviews/email/decision_reminder",
                    context={"applications": [application], "person": decision_maker},
                ):
                    queued += 1
    return queued


def _ready_for(application: Application, today: date, every: int) -> bool:
    """Ready for a decision (see selectors.applications_awaiting_decision) for at least one whole period."""
    ready_since = application.ready_since  # type: ignore[attr-defined]  # annotated by the selector
    return ready_since is not None and _period(ready_since, today, every) >= 1


def send_reminders(*, today: date | None = None) -> int:
    """Remind reviewers of reviews open too long, and decision makers of applications ready to decide.

    A review open for REVIEW_REMINDER_AFTER_DAYS days is reminded once, and once more after each further such
    period; likewise an application ready for a decision that long (the day it became ready the decision makers
    were already told, see review._tell_decision_makers_if_complete). The keys name the period, not the day, so
    running every day (or twice a day, or again after a missed day) sends each reminder once. Returns the number
    of e-mails queued.
    """
    today = today or timezone.localdate()
    every = settings.REVIEW_REMINDER_AFTER_DAYS
    queued = _remind_reviewers(today, every)
    ready = [
        application
        for application in selectors.applications_awaiting_decision().prefetch_related("review_assignments")
        if _ready_for(application, today, every)
    ]
    if ready:
        queued += _remind_decision_makers(ready, today, every)
    if queued:
        logger.info("%d reminders queued", queued)
    return queued
