"""Shared reads of the review side: queues, loads, and the consolidated view a decision maker reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts import roles
from accounts.models import User
from alliances.models import Alliance
from applications import selectors as application_selectors
from applications.models import Application
from organisations.vocabulary import OrganisationType
from reviews import scoring
from reviews.models import Assignment, CriterionAssessment, Review, ReviewerCapacity
from reviews.scoring import CriterionLine

State = Application.State
# Open for review: what the queue, the load and "balance" count.
REVIEW_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.CLARIFICATION_REQUESTED)
QUEUE_STATES = (*REVIEW_STATES, State.APPROVED, State.REJECTED)
SUBMITTED = Review.Status.SUBMITTED


def active_assignments() -> QuerySet[Assignment]:
    """Assignments that count: not conflicted (declared clear or not declared yet)."""
    return Assignment.objects.exclude(has_conflict=True)


def reviewer_loads() -> dict[int, int]:
    """{reviewer id: number of open applications assigned to them (conflicts excluded)}."""
    queryset = active_assignments().filter(application__state__in=REVIEW_STATES)
    return dict(queryset.values_list("reviewer_id").annotate(n=Count("id")).values_list("reviewer_id", "n"))


def available_capacities(alliance: Alliance) -> QuerySet[ReviewerCapacity]:
    """The reviewers who take applications of this alliance, with their maximum load."""
    return (
        ReviewerCapacity.objects.filter(
            alliance=alliance, is_available=True, reviewer__is_active=True, reviewer__groups__name=roles.REVIEWER
        )
        .select_related("reviewer")
        .order_by("reviewer__email")
    )


def reviewers() -> QuerySet[Any]:
    return get_user_model().objects.filter(groups__name=roles.REVIEWER, is_active=True).order_by("email").distinct()


def reviewer_choices() -> list[tuple[int, str]]:
    """(id, name) of the reviewers, for a filter: read as values, without building a user per option."""
    rows = reviewers().values_list("pk", "full_name", "first_name", "last_name", "email")
    return [(pk, full or f"{first} {last}".strip() or email) for pk, full, first, last, email in rows]


def assignable_reviewers(application: Application) -> QuerySet[Any]:
    """Who the assign form offers: available reviewers of the application's alliance not assigned to it yet."""
    return (
        reviewers()
        .filter(review_capacities__alliance_id=application.alliance_id, review_capacities__is_available=True)
        .exclude(review_assignments__application=application)
    )


def is_assigned(user: User, application: Application) -> bool:
    """Whether the user is, or was, assigned to review the application (whatever they declared).

    Uses the prefetched assignments when there are (the queue and the export), else one query per application.
    """
    cache = getattr(application, "_assigned_reviewer_ids", None)
    if cache is None:
        prefetched = getattr(application, "_prefetched_objects_cache", {}).get("review_assignments")
        if prefetched is not None:
            cache = frozenset(assignment.reviewer_id for assignment in prefetched)
        else:
            cache = frozenset(Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True))
        application._assigned_reviewer_ids = cache  # type: ignore[attr-defined]
    return user.pk in cache


def assignment_of(user: User, application: Application) -> Assignment | None:
    return Assignment.objects.filter(application=application, reviewer=user).select_related("review").first()


def own_assignment(user: User, application: Application) -> Assignment | None:
    """The user's assignment among the application's prefetched assignments, or None."""
    return next((a for a in application.review_assignments.all() if a.reviewer_id == user.pk), None)


def sees_all_applications(user: User) -> bool:
    """Decision makers and administrators see every application in the queue; a reviewer only their own."""
    return roles.has_role(user, roles.DECISION_MAKER) or user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)


def _filtered(queryset: QuerySet[Application], filters: dict[str, Any]) -> QuerySet[Application]:
    for name, lookup in FILTER_LOOKUPS.items():
        if filters.get(name):
            queryset = queryset.filter(**{lookup: filters[name]})
    if filters.get("reviewer"):
        queryset = queryset.filter(
            Exists(Assignment.objects.filter(application=OuterRef("pk"), reviewer=filters["reviewer"]))
        )
    search = (filters.get("q") or "").strip()
    if search:
        condition = Q(organisation__legal_name__icontains=search) | Q(organisation__acronym__icontains=search)
        reference = search.upper().removeprefix("APP-")
        if reference.isdigit():
            condition |= Q(pk=int(reference))
        queryset = queryset.filter(condition)
    return queryset


FILTER_LOOKUPS = {
    "alliance": "alliance",
    "state": "state",
    "country": "organisation__country",
    "organisation_type": "organisation__organisation_type",
}


def queue(user: User, *, filters: dict[str, Any] | None = None) -> QuerySet[Application]:
    """The applications the user may see in the review queue, filtered and in order, unpaginated.

    No aggregate over the assignments: counting them for every matching application made a page of 20 cost a
    scan of all 50,000 assignments (and the paginator's count the same again). The page shows its ids' rows
    (`queue_rows`); the export prefetches what its rows need.
    """
    queryset = (
        Application.objects.filter(state__in=QUEUE_STATES)
        .select_related("organisation", "alliance")
        .defer(*application_selectors.LONG_FIELDS)
    )
    if not sees_all_applications(user):
        queryset = queryset.filter(review_assignments__reviewer=user)
    queryset = _filtered(queryset, filters or {})
    return queryset.order_by(*SORTS.get((filters or {}).get("sort") or "", SORTS["submitted"]))


@dataclass(frozen=True)
class ReviewProgress:
    reviewers: int  # assigned and not conflicted
    submitted: int  # of those, reviews submitted


def progress_of(assignments: Iterable[tuple[bool | None, str | None]]) -> ReviewProgress:
    """How far an application's reviews are, from its assignments as (has_conflict, review status or None)."""
    active = [status for has_conflict, status in assignments if has_conflict is not True]
    return ReviewProgress(reviewers=len(active), submitted=sum(1 for status in active if status == SUBMITTED))


def review_progress(application: Application) -> ReviewProgress:
    """`progress_of` an application's prefetched assignments (each with its review)."""
    return progress_of(
        (a.has_conflict, getattr(getattr(a, "review", None), "status", None))
        for a in application.review_assignments.all()
    )


@dataclass(frozen=True)
class QueueAssignment:
    reviewer_id: int
    reviewer_name: str
    declared: bool
    conflicted: bool
    review_status: str | None


@dataclass(frozen=True)
class QueueRow:
    """One line of the review queue, as it is shown: names and labels, no model objects."""

    pk: int
    organisation: str
    alliance: str
    country: str
    organisation_type: str
    state: str
    state_label: str
    submitted_at: datetime | None
    assignments: tuple[QueueAssignment, ...]

    @property
    def reference(self) -> str:
        return Application.reference_of(self.pk)

    @property
    def progress(self) -> ReviewProgress:
        return progress_of((a.conflicted, a.review_status) for a in self.assignments)


def queue_rows(ids: list[int]) -> list[QueueRow]:
    """The rows of one page of the queue, in the order of `ids`, read as values in two queries.

    A page of the decision maker's queue built some 360 model objects (applications, organisations, alliances,
    assignments, reviewers, reviews) for 20 lines of text: most of the page's time outside its template.
    """
    alliances = {alliance.pk: alliance.short_name for alliance in Alliance.objects.all()}
    types = dict(OrganisationType.choices)
    states = dict(Application.State.choices)
    by_application: dict[int, list[QueueAssignment]] = {pk: [] for pk in ids}
    assignments = (
        Assignment.objects.filter(application_id__in=ids)
        .order_by("assigned_at", "id")
        .values_list(
            "application_id",
            "reviewer_id",
            "reviewer__full_name",
            "reviewer__first_name",
            "reviewer__last_name",
            "reviewer__email",
            "declared_at",
            "has_conflict",
            "review__status",
        )
    )
    for application_id, reviewer_id, full, first, last, email, declared_at, has_conflict, status in assignments:
        by_application[application_id].append(
            QueueAssignment(
                reviewer_id=reviewer_id,
                reviewer_name=full or f"{first} {last}".strip() or email,
                declared=declared_at is not None,
                conflicted=has_conflict is True,
                review_status=status,
            )
        )
    rows = {
        pk: QueueRow(
            pk=pk,
            organisation=name,
            alliance=alliances.get(alliance_id, ""),
            country=country,
            organisation_type=str(types.get(kind, kind)),
            state=state,
            state_label=str(states.get(state, state)),
            submitted_at=submitted_at,
            assignments=tuple(by_application[pk]),
        )
        for pk, name, alliance_id, country, kind, state, submitted_at in Application.objects.filter(
            pk__in=ids
        ).values_list(
            "pk",
            "organisation__legal_name",
            "alliance_id",
            "organisation__country",
            "organisation__organisation_type",
            "state",
            "submitted_at",
        )
    }
    return [rows[pk] for pk in ids if pk in rows]


SORTS = {
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "organisation": ("organisation__legal_name", "id"),
    "-organisation": ("-organisation__legal_name", "-id"),
    "state": ("state", "submitted_at", "id"),
    "alliance": ("alliance__short_name", "submitted_at", "id"),
}


def application_for_review(pk: Any) -> QuerySet[Application]:
    """The application with what the review pages show, as a queryset filtered to it."""
    return (
        Application.objects.filter(pk=pk)
        .select_related("organisation", "alliance", "criteria_version")
        .prefetch_related(
            "criteria_version__criteria",
            "documents",
            Prefetch("clarifications"),
            Prefetch(
                "review_assignments",
                queryset=Assignment.objects.select_related("reviewer", "assigned_by", "review").order_by("assigned_at"),
            ),
        )
    )


# ---------------------------------------------------------------------------------------------------------------
# The consolidated view


@dataclass
class Summary:
    application: Application
    reviews: list[Review]
    lines: list[CriterionLine]
    threshold: Decimal
    assignments: list[Assignment]

    @property
    def gate_lines(self) -> list[CriterionLine]:
        return [line for line in self.lines if line.criterion.is_gate]

    @property
    def score_lines(self) -> list[CriterionLine]:
        return [line for line in self.lines if not line.criterion.is_gate]

    @property
    def weighted_total(self) -> Decimal | None:
        return scoring.weighted_total(self.lines)

    @property
    def reaches_threshold(self) -> bool:
        total = self.weighted_total
        return total is not None and total >= self.threshold

    @property
    def all_gates_met(self) -> bool:
        return scoring.all_gates_met(self.lines)

    @property
    def pending(self) -> list[Assignment]:
        """Assignments that count and have no submitted review yet."""
        return [
            assignment
            for assignment in self.assignments
            if not assignment.is_conflicted and not _is_submitted(assignment)
        ]

    @property
    def complete(self) -> bool:
        return bool(self.reviews) and not self.pending

    @property
    def recommendations(self) -> list[str]:
        return [review.get_recommendation_display() for review in self.reviews]


def review_of(assignment: Assignment) -> Review | None:
    """The assignment's review, or None (uses the prefetched/selected relation when there is one)."""
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def _is_submitted(assignment: Assignment) -> bool:
    review = review_of(assignment)
    return review is not None and review.is_submitted


def _assessments_by_review(reviews: list[Review]) -> dict[tuple[int, int], CriterionAssessment]:
    """{(review id, criterion id): assessment}, from the prefetched assessments when every review has them."""
    if all("assessments" in getattr(review, "_prefetched_objects_cache", {}) for review in reviews):
        found = [assessment for review in reviews for assessment in review.assessments.all()]
    else:
        found = list(CriterionAssessment.objects.filter(review__in=reviews))
    return {(assessment.review_id, assessment.criterion_id): assessment for assessment in found}


def summarise(application: Application) -> Summary:
    """Gates side by side, scores with their spread, weighted total against the threshold.

    `application` should come from `application_for_review` so that this costs one more query (none when
    the reviews' assessments are prefetched, as the export does).
    """
    criteria = list(application.criteria_version.criteria.all())
    assignments = list(application.review_assignments.all())
    reviews = [assignment.review for assignment in assignments if _is_submitted(assignment)]
    assessments = _assessments_by_review(reviews) if reviews else {}
    lines = [
        scoring.criterion_line(criterion, [assessments.get((review.pk, criterion.pk)) for review in reviews])
        for criterion in criteria
    ]
    return Summary(
        application=application,
        reviews=reviews,
        lines=lines,
        threshold=application.criteria_version.overall_threshold,
        assignments=assignments,
    )


def visible_summary(user: User, application: Application) -> Summary | None:
    """The summary of the reviews when the user may see them (`reviews.view_reviews`), else None.

    The one place that applies the rule of who sees which reviews, for the application page and the export.
    """
    if not user.has_perm("reviews.view_reviews", application):
        return None
    return summarise(application)


def applications_awaiting_decision() -> QuerySet[Application]:
    """Applications under review whose every counting assignment has a submitted review (at least one).

    `ready_since` is when the last counting review was submitted: when the application became ready.
    """
    pending = active_assignments().filter(application=OuterRef("pk")).exclude(review__status=SUBMITTED)
    submitted = active_assignments().filter(application=OuterRef("pk"), review__status=SUBMITTED)
    last_submitted = (
        active_assignments()
        .filter(application=OuterRef("pk"), review__status=SUBMITTED)
        .order_by("-review__submitted_at")
        .values("review__submitted_at")[:1]
    )
    return (
        Application.objects.filter(state=State.UNDER_REVIEW)
        .filter(Exists(submitted), ~Exists(pending))
        .annotate(ready_since=Subquery(last_submitted))
        .select_related("organisation", "alliance")
        .order_by("submitted_at", "id")
    )
