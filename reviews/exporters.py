"""The review queue as CSV rows, built on the shared summary of the reviews (selectors.summarise).

Who may see which reviews is decided once, by `reviews.view_reviews` through `selectors.visible_summary`: a row
shows scores, verdicts and recommendations only where the application page would show them. Rows are produced
one by one from an iterator over chunks of applications, so that the export runs in constant memory.

The columns and cells use the pages' words: criteria by their titles, verdicts, recommendations, statuses and
organisation types by their labels. Dates and times are written one way, ISO 8601 `YYYY-MM-DD HH:MM` in the
portal's time zone (settings.TIME_ZONE, Europe/Brussels), as the pages show them.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alliances.models import Criterion
from applications.models import Application
from organisations.models import Organisation
from organisations.vocabulary import OrganisationType
from reviews import selectors
from reviews.models import Assignment, CriterionAssessment, Review
from reviews.selectors import Summary

# Applications fetched (with their assignments, reviews and assessments) per round trip: what is in memory at once.
CHUNK_SIZE = 250


def queue_for_export(user: User, *, filters: dict[str, Any]) -> QuerySet[Application]:
    """The user's queue with everything a row needs prefetched per chunk (reviews and their assessments)."""
    return (
        selectors.queue(user, filters=filters)
        .select_related("criteria_version")
        .prefetch_related(None)
        .prefetch_related(
            "criteria_version__criteria",
            Prefetch(
                "review_assignments",
                queryset=Assignment.objects.select_related("review")
                .prefetch_related("review__assessments")
                .order_by("assigned_at", "id"),
            ),
        )
    )


def criterion_codes(applications: QuerySet[Application]) -> dict[str, str]:
    """{code: title} of the criteria, in the order their criteria versions first appear in the queue, without
    repeats (a code keeps the title it has in the first version that holds it)."""
    version_ids = list(dict.fromkeys(applications.values_list("criteria_version_id", flat=True)))
    by_version: dict[int, list[tuple[str, str]]] = {}
    for version_id, code, title in Criterion.objects.filter(criteria_version_id__in=version_ids).values_list(
        "criteria_version_id", "code", "title"
    ):
        by_version.setdefault(version_id, []).append((code, title))
    columns: dict[str, str] = {}
    for version_id in version_ids:
        for code, title in by_version.get(version_id, []):
            columns.setdefault(code, title)
    return columns


def queue_header(codes: dict[str, str]) -> list[str]:
    return [
        _("Reference"),
        _("Organisation"),
        _("Alliance"),
        _("Country"),
        _("Type"),
        _("Status"),
        _("Submitted"),
        _("Reviewers"),
        _("Reviews submitted"),
        *codes.values(),
        _("Weighted total"),
        _("Threshold"),
        _("Recommendations"),
    ]


def date_time(moment: datetime | None) -> str:
    """The one way the exports write a date and time: `YYYY-MM-DD HH:MM` in the portal's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _cells(summary: Summary | None, labels: "Labels") -> dict[str, str]:
    """{criterion code: what the CSV shows}: the gates' verdicts side by side, the scores' means."""
    if summary is None:
        return {}
    cells = {}
    for line in summary.lines:
        if line.criterion.is_gate:
            cells[line.criterion.code] = "/".join(labels.verdicts.get(verdict, verdict) for verdict in line.verdicts)
        elif line.mean is not None:
            cells[line.criterion.code] = str(line.mean)
    return cells


class Labels:
    """The status and organisation type labels, translated once per export (get_FOO_display translates every
    choice on every call, which costs more than the rest of a row)."""

    def __init__(self) -> None:
        self.states = {value: str(label) for value, label in Application.State.choices}
        self.organisation_types = {value: str(label) for value, label in OrganisationType.choices}
        self.verdicts = {value: str(label) for value, label in CriterionAssessment.Verdict.choices}
        self.recommendations = {value: str(label) for value, label in Review.Recommendation.choices}

    def state(self, application: Application) -> str:
        return self.states.get(application.state, application.state)

    def organisation_type(self, organisation: Organisation) -> str:
        kind = organisation.organisation_type
        return self.organisation_types.get(kind, kind)


def queue_row(
    application: Application, summary: Summary | None, codes: dict[str, str], labels: Labels | None = None
) -> list[Any]:
    """One application's row; `summary` is None where the user may not see its reviews (blank scores)."""
    labels = labels or Labels()
    cells = _cells(summary, labels)
    total = summary.weighted_total if summary is not None else None
    organisation = application.organisation
    progress = selectors.review_progress(application)
    return [
        application.reference,
        organisation.legal_name,
        application.alliance.short_name,
        organisation.country.code,
        labels.organisation_type(organisation),
        labels.state(application),
        date_time(application.submitted_at),
        progress.reviewers,
        progress.submitted,
        *[cells.get(code, "") for code in codes],
        str(total) if total is not None else "",
        str(application.criteria_version.overall_threshold),
        "/".join(labels.recommendations.get(review.recommendation, review.recommendation) for review in summary.reviews)
        if summary is not None
        else "",
    ]


def queue_rows(
    user: User, applications: QuerySet[Application], codes: dict[str, str], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[Any]]:
    """The rows, one application at a time, `chunk_size` applications (and their reviews) in memory at once."""
    labels = Labels()
    for application in applications.iterator(chunk_size=chunk_size):
        yield queue_row(application, selectors.visible_summary(user, application), codes, labels)
