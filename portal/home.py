"""Each person's home: what needs them now, one section per role they hold, each item with a link.

The portal sits above every app, so it composes their selectors; every section is a bounded number of
queries whatever the number of rows (lists are cut at `LIMIT`, with the total shown).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from applications.models import Application
from applications.selectors import applications_of, missing_for_submission
from declarations.selectors import declarations_awaiting_signature
from deliverables.selectors import awaiting_acknowledgement, open_rounds_in
from organisations.selectors import organisation_ids_of
from reviews.models import Assignment, Clarification, Review, ReviewerCapacity
from reviews.selectors import REVIEW_STATES, applications_awaiting_decision, reviewer_loads
from workinggroups.models import Ballot, GroupProposal, JoinRequest, Meeting, WorkingGroup
from workinggroups.selectors import ad_hoc_meeting_ids_of, ballots_for_user, permanent_group_ids_of

LIMIT = 10
CLOSING_SOON = timedelta(days=7)
RECENT = timedelta(days=14)


@dataclass
class Item:
    text: str
    url: str
    when: datetime | None = None
    note: str = ""
    urgent: bool = False


@dataclass
class Group:
    """A titled list of items inside a section, with how many there are in all."""

    title: str
    items: list[Item]
    total: int
    empty: str
    more_url: str = ""


@dataclass
class Section:
    key: str
    title: str
    groups: list[Group] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(group.total for group in self.groups)


def sections_for(user) -> list[Section]:
    """Every section the user's roles give them, in the order people act: own work first, then oversight."""
    held = roles.role_names(user)
    sections = []
    if roles.REVIEWER in held:
        sections.append(reviewer_section(user))
    if roles.DECISION_MAKER in held:
        sections.append(decision_maker_section())
    if roles.SECRETARIAT in held:
        sections.append(secretariat_section())
    if permanent_group_ids_of(user):
        sections.append(member_section(user))
    if ad_hoc_meeting_ids_of(user):
        sections.append(invitee_section(user))
    organisation_ids = organisation_ids_of(user)
    if organisation_ids or not sections:
        sections.append(applicant_section(user, has_organisation=bool(organisation_ids)))
    return sections


def _group(title: str, rows: list[Item], total: int, empty: str, more_url: str = "") -> Group:
    return Group(title=title, items=rows[:LIMIT], total=total, empty=empty, more_url=more_url if total > LIMIT else "")


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
        groups=[
            _group(
                _("Conflicts of interest to declare"),
                [_assignment_item(a, due_after, now) for a in to_declare[:LIMIT]],
                to_declare.count(),
                _("No assignment waits for your declaration."),
                queue,
            ),
            _group(
                _("Reviews due (overdue first)"),
                [_assignment_item(a, due_after, now) for a in reviews_due[:LIMIT]],
                reviews_due.count(),
                _("No review is due."),
                queue,
            ),
            _group(
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
        groups=[
            _group(
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
            _group(
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
            _group(
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
            _group(
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


# Secretariat ---------------------------------------------------------------------------------------------------


def secretariat_section() -> Section:
    now = timezone.now()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    join_requests = JoinRequest.objects.filter(state=JoinRequest.State.PENDING).select_related("group", "organisation")
    meetings = Meeting.objects.filter(
        state=Meeting.State.SCHEDULED, starts_at__gte=month_start, starts_at__lt=next_month
    ).select_related("group")
    minutes = Meeting.objects.filter(
        state=Meeting.State.SCHEDULED, ends_at__lt=now, minutes_published_at__isnull=True
    ).select_related("group")
    ballots = Ballot.objects.filter(state=Ballot.State.OPEN).select_related("group")
    proposals = GroupProposal.objects.filter(state=GroupProposal.State.PENDING).select_related("alliance")
    return Section(
        key="secretariat",
        title=_("Secretariat"),
        groups=[
            _group(
                _("Requests to join a working group"),
                [
                    Item(
                        text=f"{r.organisation.legal_name} — {r.group.name}",
                        url=reverse("workinggroups:detail", args=[r.group_id]),
                        when=r.created_at,
                        note=_("asked"),
                    )
                    for r in join_requests.order_by("created_at")[:LIMIT]
                ],
                join_requests.count(),
                _("No request to join is waiting."),
            ),
            _meetings_group(_("Meetings this month"), meetings.order_by("starts_at"), _("No meeting this month.")),
            _group(
                _("Minutes to publish"),
                [
                    Item(
                        text=f"{m.title} — {m.group.name}",
                        url=reverse("workinggroups:meeting_minutes", args=[m.pk]),
                        when=m.starts_at,
                        note=_("held"),
                    )
                    for m in minutes.order_by("starts_at")[:LIMIT]
                ],
                minutes.count(),
                _("All minutes are published."),
            ),
            _ballots_group(ballots.order_by("closes_at"), now),
            _group(
                _("Working groups proposed by members"),
                [
                    Item(
                        text=f"{p.name} — {p.alliance.short_name}",
                        url=reverse("workinggroups:proposal", args=[p.pk]),
                        when=p.created_at,
                        note=_("proposed"),
                    )
                    for p in proposals.order_by("created_at")[:LIMIT]
                ],
                proposals.count(),
                _("No proposal is waiting."),
                reverse("workinggroups:proposals"),
            ),
        ],
    )


def _meetings_group(title: str, meetings, empty: str) -> Group:
    return _group(
        title,
        [
            Item(
                text=f"{m.title} — {m.group.name}",
                url=reverse("workinggroups:meeting", args=[m.pk]),
                when=m.starts_at,
            )
            for m in meetings[:LIMIT]
        ],
        meetings.count(),
        empty,
    )


def _ballots_group(ballots, now: datetime, *, voted_ids: frozenset[int] | None = None) -> Group:
    rows = []
    for ballot in ballots[:LIMIT]:
        note = _("closes")
        if voted_ids is not None:
            note = _("you have voted; closes") if ballot.pk in voted_ids else _("not voted yet; closes")
        rows.append(
            Item(
                text=f"{ballot.question} — {ballot.group.name}",
                url=reverse("workinggroups:ballot", args=[ballot.pk]),
                when=ballot.closes_at,
                note=note,
                urgent=ballot.closes_at - now < CLOSING_SOON and (voted_ids is None or ballot.pk not in voted_ids),
            )
        )
    return _group(
        _("Open ballots (closing soonest first)"),
        rows,
        ballots.count(),
        _("No ballot is open."),
        reverse("workinggroups:ballots"),
    )


# Member representative and ad-hoc invitee ----------------------------------------------------------------------


def member_section(user) -> Section:
    now = timezone.now()
    group_ids = permanent_group_ids_of(user)
    organisation_ids = organisation_ids_of(user)
    open_ballots = ballots_for_user(user).filter(state=Ballot.State.OPEN).order_by("closes_at")
    voted_ids = frozenset(
        Ballot.objects.filter(
            pk__in=open_ballots.values("pk"), cast_ballots__organisation_id__in=organisation_ids
        ).values_list("pk", flat=True)
    )
    meetings = Meeting.objects.filter(
        group_id__in=group_ids, state=Meeting.State.SCHEDULED, ends_at__gte=now
    ).select_related("group")
    groups = WorkingGroup.objects.filter(pk__in=group_ids).select_related("alliance").order_by("name")
    to_sign = declarations_awaiting_signature(user)
    rounds = open_rounds_in(group_ids)
    return Section(
        key="member",
        title=_("Your working groups"),
        groups=[
            _ballots_group(open_ballots, now, voted_ids=voted_ids),
            _group(
                _("Comment rounds open"),
                [
                    Item(
                        text=f"{r.deliverable.title} — {r.deliverable.group.name}",
                        url=reverse("deliverables:round", args=[r.pk]),
                        when=r.closes_at,
                        note=_("comments close"),
                        urgent=r.closes_at - now < CLOSING_SOON,
                    )
                    for r in rounds[:LIMIT]
                ],
                rounds.count(),
                _("No comment round is open."),
            ),
            _meetings_group(_("Coming meetings"), meetings.order_by("starts_at"), _("No meeting is planned.")),
            _group(
                _("Your groups"),
                [
                    Item(text=g.name, url=reverse("workinggroups:detail", args=[g.pk]), note=g.alliance.short_name)
                    for g in groups[:LIMIT]
                ],
                groups.count(),
                _("You are on no working group's roster."),
                reverse("workinggroups:list"),
            ),
            _group(
                _("Declarations to sign again"),
                [
                    Item(
                        text=f"{membership.organisation.legal_name} — {membership.alliance.short_name}",
                        url=reverse("declarations:sign_for_membership", args=[membership.pk]),
                        note=_("version %(number)s") % {"number": version.version},
                        urgent=True,
                    )
                    for membership, version in to_sign[:LIMIT]
                ],
                len(to_sign),
                _("Every Declaration is signed."),
            ),
        ],
    )


def invitee_section(user) -> Section:
    meetings = (
        Meeting.objects.filter(pk__in=ad_hoc_meeting_ids_of(user), state=Meeting.State.SCHEDULED)
        .select_related("group")
        .order_by("starts_at")
    )
    return Section(
        key="invitee",
        title=_("Meetings you are invited to"),
        groups=[_meetings_group(_("Meetings"), meetings, _("You are not invited to a coming meeting."))],
    )


# Applicant -----------------------------------------------------------------------------------------------------

STATE_NEEDS = {
    Application.State.SUBMITTED: gettext_lazy("Submitted: the Commission will assign reviewers."),
    Application.State.UNDER_REVIEW: gettext_lazy("Under review: nothing is needed from you now."),
    Application.State.CLARIFICATION_REQUESTED: gettext_lazy("The Commission asks a question: answer it."),
    Application.State.APPROVED: gettext_lazy("Approved: your organisation is a member."),
    Application.State.REJECTED: gettext_lazy("Rejected: the decision letter says why and how to ask for a review."),
    Application.State.WITHDRAWN: gettext_lazy("Withdrawn."),
}


def applicant_section(user, *, has_organisation: bool) -> Section:
    applications = list(applications_of(user)[: LIMIT + 1])
    rows = []
    for application in applications[:LIMIT]:
        if application.state == Application.State.DRAFT:
            missing = missing_for_submission(application)
            note = (
                _("Draft: still needed — %(items)s") % {"items": "; ".join(str(m) for m in missing)}
                if missing
                else _("Draft: complete, ready to submit.")
            )
        else:
            note = str(STATE_NEEDS.get(application.state, application.get_state_display()))
        rows.append(
            Item(
                text=f"{application.organisation.legal_name} — {application.alliance.short_name}",
                url=reverse("applications:detail", args=[application.pk]),
                note=note,
                urgent=application.state in {Application.State.DRAFT, Application.State.CLARIFICATION_REQUESTED},
            )
        )
    empty = (
        _("No application yet: start one for your organisation.")
        if has_organisation
        else _("Create your organisation's profile first, then apply.")
    )
    actions = (
        [
            Item(text=_("My applications"), url=reverse("applications:dashboard")),
            Item(text=_("My organisations"), url=reverse("organisations:list")),
        ]
        if has_organisation
        else [Item(text=_("Create an organisation profile"), url=reverse("organisations:create"))]
    )
    return Section(
        key="applicant",
        title=_("Your applications"),
        actions=actions,
        groups=[
            _group(
                _("Applications"),
                rows,
                len(applications) if len(applications) <= LIMIT else applications_of(user).count(),
                empty,
                reverse("applications:dashboard"),
            )
        ],
    )
