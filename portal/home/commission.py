"""The Commission's sections: the reviewer's and the decision maker's."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from deliverables.selectors import awaiting_acknowledgement
from portal.home.base import LIMIT, RECENT, Item, Section, group_of
from reviews.models import Assignment, Clarification, Review, ReviewerCapacity
from reviews.selectors import REVIEW_STATES, applications_awaiting_decision, reviewer_loads

# Reviewer ------------------------------------------------------------------------------------------------------


def reviewer_section(user) -> Section:
    mine = Assignment.objects.filter(reviewer=user, application__state__in=REVIEW_STATES).select_related(
        "application__organisation", "application__alliance"
    )
    to_declare = mine.filter(declared_at__isnull=True).order_by("assigned_at")
    due_after = timedelta(days=settings.REVIEW_REMINDER_AFTER_DAYS)
    now = timezone.now()
    reviews_due = (
        mine.filter(has_conflict=False)
        .exclude(review__status=Review.Status.SUBMITTED)
        .order_by("assigned_at")  # the oldest assignment is the most overdue
    )
    answered = (
        Clarification.objects.filter(
            application__review_assignments__reviewer=user,
            application__review_assignments__has_conflict=False,
            answered_at__gte=now - RECENT,
        )
        .select_related("application__organisation")
        .order_by("-answered_at")
    )
    queue = reverse("reviews:queue")
    return Section(
        key="reviewer",
        title=_("Your reviews"),
        actions=[Item(text=_("Review queue"), url=queue)],
        groups=[
            group_of(
                _("Conflicts of interest to declare"),
                [_assignment_item(a, due_after, now) for a in to_declare[:LIMIT]],
                to_declare.count(),
                _("No assignment waits for your declaration."),
                queue,
            ),
            group_of(
                _("Reviews due (overdue first)"),
                [_assignment_item(a, due_after, now) for a in reviews_due[:LIMIT]],
                reviews_due.count(),
                _("No review is due."),
                queue,
            ),
            group_of(
                _("Clarifications answered in the last 14 days"),
                [
                    Item(
                        text=c.application.organisation.legal_name,
                        url=reverse("reviews:application", args=[c.application_id]),
                        when=c.answered_at,
                        note=_("answered"),
                    )
                    for c in answered[:LIMIT]
                ],
                answered.count(),
                _("No clarification was answered recently."),
            ),
        ],
    )


def _assignment_item(assignment: Assignment, due_after: timedelta, now: datetime) -> Item:
    due = assignment.assigned_at + due_after
    application = assignment.application
    return Item(
        text=f"{application.organisation.legal_name} — {application.alliance.short_name}",
        url=reverse("reviews:application", args=[application.pk]),
        when=due,
        note=_("overdue since") if due < now else _("due"),
        urgent=due < now,
    )


# Decision maker ------------------------------------------------------------------------------------------------


def decision_maker_section() -> Section:
    ready = applications_awaiting_decision()
    unassigned = (
        Application.objects.filter(state__in=REVIEW_STATES)
        .annotate(reviewers=Count("review_assignments", filter=~Q(review_assignments__has_conflict=True)))
        .filter(reviewers__lt=2)
        .select_related("organisation", "alliance")
        .order_by("submitted_at", "id")
    )
    loads = reviewer_loads()
    capacities = (
        ReviewerCapacity.objects.filter(is_available=True, reviewer__is_active=True)
        .select_related("reviewer", "alliance")
        .order_by("reviewer__full_name", "reviewer__email")
    )
    adopted = awaiting_acknowledgement()
    return Section(
        key="decision_maker",
        title=_("Decisions"),
        actions=[Item(text=_("Review queue"), url=reverse("reviews:queue"))],
        groups=[
            group_of(
                _("Applications ready for a decision"),
                [
                    Item(
                        text=f"{a.organisation.legal_name} — {a.alliance.short_name}",
                        url=reverse("reviews:decision", args=[a.pk]),
                        when=a.ready_since,
                        note=_("ready since"),
                    )
                    for a in ready[:LIMIT]
                ],
                ready.count(),
                _("No application is ready for a decision."),
                reverse("reviews:queue"),
            ),
            group_of(
                _("Submissions with fewer than two reviewers"),
                [
                    Item(
                        text=f"{a.organisation.legal_name} — {a.alliance.short_name}",
                        url=reverse("reviews:application", args=[a.pk]),
                        when=a.submitted_at,
                        note=_("submitted"),
                    )
                    for a in unassigned[:LIMIT]
                ],
                unassigned.count(),
                _("Every submission has its reviewers."),
                reverse("reviews:queue"),
            ),
            group_of(
                _("Adopted deliverables to acknowledge"),
                [
                    Item(
                        text=f"{d.title} — {d.group.name}",
                        url=reverse("deliverables:detail", args=[d.pk]),
                        when=d.adopted_at,
                        note=_("adopted"),
                    )
                    for d in adopted[:LIMIT]
                ],
                adopted.count(),
                _("No adopted deliverable awaits acknowledgement."),
                reverse("deliverables:index") + "?state=adopted",
            ),
            group_of(
                _("Reviewers' load"),
                [
                    Item(
                        text=c.reviewer.display_name,
                        url=reverse("reviews:queue"),
                        note=_("%(load)s of at most %(maximum)s open applications (%(alliance)s)")
                        % {
                            "load": loads.get(c.reviewer_id, 0),
                            "maximum": c.max_load,
                            "alliance": c.alliance.short_name,
                        },
                        urgent=loads.get(c.reviewer_id, 0) >= c.max_load,
                    )
                    for c in capacities[:LIMIT]
                ],
                capacities.count(),
                _("No reviewer is available."),
            ),
        ],
    )
