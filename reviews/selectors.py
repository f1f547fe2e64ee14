"""Shared reads of the review side: queues, loads, and the consolidated view a decision maker reads."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from accounts import roles
from applications.models import Application
from reviews.models import Assignment, CriterionAssessment, Review, ReviewerCapacity

# Open for review: what the queue, the load and "balance" count.
REVIEW_STATES = ("submitted", "under_review", "clarification_requested")
QUEUE_STATES = (*REVIEW_STATES, "approved", "rejected")
# Scores further apart than this (in points) are flagged as a disagreement for the decision maker.
DISAGREEMENT_SPREAD = Decimal("2")


def active_assignments():
    """Assignments that count: not conflicted (declared clear or not declared yet)."""
    return Assignment.objects.exclude(has_conflict=True)


def reviewer_loads():
    """{reviewer id: number of open applications assigned to them (conflicts excluded)}."""
    queryset = active_assignments().filter(application__state__in=REVIEW_STATES)
    return dict(queryset.values_list("reviewer_id").annotate(n=Count("id")).values_list("reviewer_id", "n"))


def available_capacities(alliance):
    """The reviewers who take applications of this alliance, with their maximum load."""
    return (
        ReviewerCapacity.objects.filter(
            alliance=alliance, is_available=True, reviewer__is_active=True, reviewer__groups__name=roles.REVIEWER
        )
        .select_related("reviewer")
        .order_by("reviewer__email")
    )


def reviewers():
    return get_user_model().objects.filter(groups__name=roles.REVIEWER, is_active=True).order_by("email").distinct()


def assignable_reviewers(application):
    """Who the assign form offers: available reviewers of the application's alliance not assigned to it yet."""
    return (
        reviewers()
        .filter(review_capacities__alliance_id=application.alliance_id, review_capacities__is_available=True)
        .exclude(review_assignments__application=application)
    )


def is_assigned(user, application):
    """Whether the user is, or was, assigned to review the application (whatever they declared)."""
    cache = getattr(application, "_assigned_reviewer_ids", None)
    if cache is None:
        cache = frozenset(Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True))
        application._assigned_reviewer_ids = cache
    return user.pk in cache


def assignment_of(user, application):
    return Assignment.objects.filter(application=application, reviewer=user).select_related("review").first()


def queue(user, *, filters=None):
    """The applications the user may see in the review queue, with what the list shows, unpaginated."""
    filters = filters or {}
    queryset = Application.objects.filter(state__in=QUEUE_STATES).select_related("organisation", "alliance")
    if not (
        roles.has_role(user, roles.DECISION_MAKER) or user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)
    ):
        queryset = queryset.filter(review_assignments__reviewer=user)
    if filters.get("alliance"):
        queryset = queryset.filter(alliance=filters["alliance"])
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("country"):
        queryset = queryset.filter(organisation__country=filters["country"])
    if filters.get("organisation_type"):
        queryset = queryset.filter(organisation__organisation_type=filters["organisation_type"])
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
    queryset = queryset.annotate(
        reviewer_count=Count("review_assignments", filter=~Q(review_assignments__has_conflict=True), distinct=True),
        submitted_count=Count(
            "review_assignments",
            filter=~Q(review_assignments__has_conflict=True) & Q(review_assignments__review__status="submitted"),
            distinct=True,
        ),
    ).prefetch_related(
        Prefetch(
            "review_assignments",
            queryset=Assignment.objects.select_related("reviewer", "review").order_by("assigned_at", "id"),
        )
    )
    return queryset.order_by(*SORTS.get(filters.get("sort") or "", SORTS["submitted"]))


SORTS = {
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "organisation": ("organisation__legal_name", "id"),
    "-organisation": ("-organisation__legal_name", "-id"),
    "state": ("state", "submitted_at", "id"),
    "alliance": ("alliance__short_name", "submitted_at", "id"),
}


def application_for_review(pk):
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
class CriterionLine:
    criterion: object
    cells: list = field(default_factory=list)  # one assessment (or None) per review, in the reviews' order
    mean: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    verdict_counts: dict = field(default_factory=dict)

    @property
    def spread(self):
        if self.low is None:
            return None
        return self.high - self.low

    @property
    def disagreement(self):
        if self.criterion.is_gate:
            return len(self.verdict_counts) > 1
        return self.spread is not None and self.spread >= DISAGREEMENT_SPREAD

    @property
    def below_threshold(self):
        return self.mean is not None and self.mean < self.criterion.threshold

    @property
    def weighted(self):
        if self.mean is None:
            return None
        return (self.mean * self.criterion.weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def majority_verdict(self):
        if not self.verdict_counts:
            return ""
        return max(self.verdict_counts.items(), key=lambda item: item[1])[0]


@dataclass
class Summary:
    application: object
    reviews: list
    lines: list
    threshold: Decimal
    assignments: list

    @property
    def gate_lines(self):
        return [line for line in self.lines if line.criterion.is_gate]

    @property
    def score_lines(self):
        return [line for line in self.lines if not line.criterion.is_gate]

    @property
    def weighted_total(self):
        values = [line.weighted for line in self.score_lines]
        if not values or any(value is None for value in values):
            return None
        return sum(values, Decimal("0"))

    @property
    def reaches_threshold(self):
        total = self.weighted_total
        return total is not None and total >= self.threshold

    @property
    def all_gates_met(self):
        return all(line.verdict_counts and set(line.verdict_counts) == {"met"} for line in self.gate_lines)

    @property
    def pending(self):
        """Assignments that count and have no submitted review yet."""
        return [
            assignment
            for assignment in self.assignments
            if not assignment.is_conflicted and not _is_submitted(assignment)
        ]

    @property
    def complete(self):
        return bool(self.reviews) and not self.pending

    @property
    def recommendations(self):
        return [review.get_recommendation_display() for review in self.reviews]


def review_of(assignment):
    """The assignment's review, or None (uses the prefetched/selected relation when there is one)."""
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def _is_submitted(assignment):
    review = review_of(assignment)
    return review is not None and review.is_submitted


def summarise(application):
    """Gates side by side, scores with their spread, weighted total against the threshold.

    `application` should come from `application_for_review` so that this costs one more query.
    """
    criteria = list(application.criteria_version.criteria.all())
    assignments = list(application.review_assignments.all())
    reviews = [assignment.review for assignment in assignments if _is_submitted(assignment)]
    assessments = {}
    if reviews:
        for assessment in CriterionAssessment.objects.filter(review__in=reviews):
            assessments[(assessment.review_id, assessment.criterion_id)] = assessment
    lines = []
    for criterion in criteria:
        line = CriterionLine(criterion=criterion)
        scores = []
        for review in reviews:
            assessment = assessments.get((review.pk, criterion.pk))
            line.cells.append(assessment)
            if assessment is None:
                continue
            if criterion.is_gate and assessment.verdict:
                line.verdict_counts[assessment.verdict] = line.verdict_counts.get(assessment.verdict, 0) + 1
            elif assessment.score is not None:
                scores.append(assessment.score)
        if scores:
            line.mean = (sum(scores, Decimal("0")) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            line.low, line.high = min(scores), max(scores)
        lines.append(line)
    return Summary(
        application=application,
        reviews=reviews,
        lines=lines,
        threshold=application.criteria_version.overall_threshold,
        assignments=assignments,
    )


def applications_awaiting_decision():
    """Applications under review whose every counting assignment has a submitted review (at least one).

    `ready_since` is when the last counting review was submitted: when the application became ready.
    """
    pending = active_assignments().filter(application=OuterRef("pk")).exclude(review__status="submitted")
    submitted = active_assignments().filter(application=OuterRef("pk"), review__status="submitted")
    last_submitted = (
        active_assignments()
        .filter(application=OuterRef("pk"), review__status="submitted")
        .order_by("-review__submitted_at")
        .values("review__submitted_at")[:1]
    )
    return (
        Application.objects.filter(state="under_review")
        .filter(Exists(submitted), ~Exists(pending))
        .annotate(ready_since=Subquery(last_submitted))
        .select_related("organisation", "alliance")
        .order_by("submitted_at", "id")
    )
