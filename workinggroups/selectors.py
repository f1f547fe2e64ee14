"""Shared reads for working groups, meetings and ballots. Voting rights are derived, never stored.

Which organisation has voting rights and who may cast its vote is asked of `memberships/voting.py`; what the
working groups add (a voting role on the standing roster, the eligible set fixed when a ballot opens) is here.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from applications.models import Application
from audit.models import AuditEntry
from memberships import voting
from memberships.models import Membership
from memberships.selectors import member_alliance_ids_of
from organisations.models import OrganisationUser
from organisations.selectors import organisation_ids_of
from workinggroups.models import (
    AnonymousChoice,
    Ballot,
    CastBallot,
    EligibleOrganisation,
    GroupProposal,
    JoinRequest,
    Meeting,
    MeetingResponse,
    Proxy,
    RosterEntry,
    WorkingGroup,
)


class VoteStatus(enum.Enum):
    """What the roster says about a line's vote, decided here and only shown by the page and the CSV."""

    VOTES = _("Votes for the organisation")
    MEMBERSHIP_NOT_ACTIVE = _("No vote: membership not active")
    NOT_NAMED = _("No vote: not a named representative of the organisation")
    NO_VOTE = _("No vote")

    @property
    def label(self) -> str:
        return str(self.value)


def _organisation_has_voting_rights() -> Exists:
    """For a roster entry: its organisation holds an active membership of the group's alliance."""
    return voting.has_voting_rights_expression(
        organisation=OuterRef("organisation"), alliance=OuterRef("group__alliance")
    )


def _person_may_cast_vote() -> Exists:
    """For a roster entry: its person is a named representative of an active membership of its organisation."""
    return voting.may_cast_vote_expression(
        user=OuterRef("user"), organisation=OuterRef("organisation"), alliance=OuterRef("group__alliance")
    )


def voting_entries() -> QuerySet[RosterEntry]:
    """Standing roster entries whose person votes for the organisation today.

    A voting role on the roster is not enough: the organisation names (and removes) its representatives on
    its membership, and only an active membership votes.
    """
    return RosterEntry.objects.filter(meeting__isnull=True, role__in=RosterEntry.VOTING_ROLES).filter(
        _person_may_cast_vote()
    )


def permanent_group_ids_of(user: User) -> frozenset[int]:
    """Groups in which the user has a roster entry (not as an ad-hoc invitee), cached for the request.

    The entry counts only while its organisation is an active member of the group's alliance: a suspended
    or former member keeps its line on the roster (the secretariat's record) but none of its powers.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_wg_group_ids", None)
    if cached is None:
        cached = frozenset(
            RosterEntry.objects.filter(user=user, meeting__isnull=True)
            .filter(_organisation_has_voting_rights())
            .order_by()
            .values_list("group_id", flat=True)
        )
        user._wg_group_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def chaired_group_ids_of(user: User) -> frozenset[int]:
    """Groups the user co-chairs: a chair acts as a named representative of an active member, like any voter."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_wg_chair_ids", None)
    if cached is None:
        cached = frozenset(
            voting_entries()
            .filter(user=user, role=RosterEntry.Role.CHAIR)
            .order_by()
            .values_list("group_id", flat=True)
        )
        user._wg_chair_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def ad_hoc_meeting_ids_of(user: User) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_wg_ad_hoc_ids", None)
    if cached is None:
        cached = frozenset(
            RosterEntry.objects.filter(user=user, meeting__isnull=False).order_by().values_list("meeting_id", flat=True)
        )
        user._wg_ad_hoc_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def groups_visible_to(user: User, *, everything: bool) -> QuerySet[WorkingGroup]:
    queryset = WorkingGroup.objects.filter(is_active=True).select_related("alliance")
    if not everything:
        queryset = queryset.filter(
            Q(pk__in=permanent_group_ids_of(user)) | Q(alliance_id__in=member_alliance_ids_of(user))
        )
    return queryset.annotate(
        roster_size=Count("roster", filter=Q(roster__meeting__isnull=True), distinct=True),
        open_ballots=Count("ballots", filter=Q(ballots__state=Ballot.State.OPEN), distinct=True),
    ).order_by("alliance__name", "name")


def roster(group: WorkingGroup) -> QuerySet[RosterEntry]:
    """The group's standing roster; `vote_status(entry)` tells whether each line votes today.

    Each entry carries `has_voting_rights` (its organisation's membership is active) and `may_cast_vote` (the
    organisation names the person as its representative): a voting role gives a vote only with both.
    """
    return (
        RosterEntry.objects.filter(group=group, meeting__isnull=True)
        .annotate(has_voting_rights=_organisation_has_voting_rights(), may_cast_vote=_person_may_cast_vote())
        .select_related("organisation", "user")
        .order_by("organisation__legal_name", "user__full_name", "user__email")
    )


def vote_status(entry: RosterEntry) -> VoteStatus:
    """For an entry of `roster()`: whether, and if not why not, the person votes for the organisation."""
    if entry.role not in RosterEntry.VOTING_ROLES:
        return VoteStatus.NO_VOTE
    if not entry.has_voting_rights:  # type: ignore[attr-defined]  # annotated by roster()
        return VoteStatus.MEMBERSHIP_NOT_ACTIVE
    if not entry.may_cast_vote:  # type: ignore[attr-defined]  # annotated by roster()
        return VoteStatus.NOT_NAMED
    return VoteStatus.VOTES


def co_chairs(group: WorkingGroup) -> QuerySet[RosterEntry]:
    return (
        RosterEntry.objects.filter(group=group, role=RosterEntry.Role.CHAIR, meeting__isnull=True)
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def invitees(meeting: Meeting) -> QuerySet[RosterEntry]:
    """Everyone invited to a meeting: the standing roster plus the meeting's ad-hoc invitees."""
    return (
        RosterEntry.objects.filter(Q(group_id=meeting.group_id, meeting__isnull=True) | Q(meeting=meeting))
        .select_related("user", "organisation")
        .order_by("organisation__legal_name", "user__full_name", "user__email")
    )


def upcoming_ad_hoc_invitees(group: WorkingGroup) -> QuerySet[RosterEntry]:
    return (
        RosterEntry.objects.filter(group=group, meeting__ends_at__gte=timezone.now())
        .select_related("user", "organisation", "meeting")
        .order_by("meeting__starts_at", "organisation__legal_name")
    )


def meetings_of(group: WorkingGroup) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group=group).order_by("-starts_at")


def ballots_of(group: WorkingGroup) -> QuerySet[Ballot]:
    return Ballot.objects.filter(group=group).annotate(taken_part=Count("cast_ballots")).order_by("-opens_at")


def ballots_for_user(user: User) -> QuerySet[Ballot]:
    """Ballots of the groups in which the user is on the standing roster (never an ad-hoc invitee's).

    Each carries `mine_eligible` (an organisation the user acts for had a vote when it opened) and `mine_voted`
    (one of them has voted, itself or by proxy).
    """
    mine = list(organisation_ids_of(user))
    return (
        Ballot.objects.filter(group_id__in=permanent_group_ids_of(user))
        .select_related("group")
        .annotate(
            taken_part=Count("cast_ballots"),
            mine_eligible=Exists(EligibleOrganisation.objects.filter(ballot=OuterRef("pk"), organisation_id__in=mine)),
            mine_voted=Exists(CastBallot.objects.filter(ballot=OuterRef("pk"), organisation_id__in=mine)),
        )
        .order_by("-opens_at")
    )


def voting_roster_organisation_ids(user: User, group: WorkingGroup) -> set[int]:
    """Organisations for which the user votes in the group: a voting role, named representative, active member."""
    if not user.is_authenticated:
        return set()
    return set(voting_entries().filter(user=user, group=group).order_by().values_list("organisation_id", flat=True))


def represented_organisation_ids(user: User, group: WorkingGroup) -> set[int]:
    """The organisations the user votes for in the group and acts for (gives or takes back their proxy)."""
    return voting_roster_organisation_ids(user, group) & set(organisation_ids_of(user))


def votable_organisations(
    ballot: Ballot, user: User, *, represented: set[int] | None = None
) -> list[tuple[int, int | None]]:
    """What the user may vote for in the ballot: [(organisation_id, proxy_holder_id or None)].

    Own organisations vote while eligible, active and not delegated; a proxy holder also votes for the
    organisations that gave it their vote. `represented` saves a query when the caller has it already.
    """
    if not ballot.is_open or timezone.now() >= ballot.closes_at or not user.is_authenticated:
        return []
    mine = represented_organisation_ids(user, ballot.group) if represented is None else represented
    if not mine:
        return []
    eligible = set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True))
    active = voting.voting_organisation_ids(ballot.group.alliance_id)
    proxies = dict(Proxy.objects.filter(ballot=ballot).values_list("organisation_id", "holder_id"))
    result: list[tuple[int, int | None]] = []
    for organisation_id in sorted(mine):
        if organisation_id in eligible and organisation_id in active and organisation_id not in proxies:
            result.append((organisation_id, None))
    for delegating, holder in sorted(proxies.items()):
        if holder in mine and holder in eligible and holder in active and delegating in active:
            result.append((delegating, holder))
    return result


VOTE_ACTIONS = ("ballot.vote_cast", "ballot.vote_changed")


def ballot_audit_entries(ballot: Ballot, actions: Iterable[str]) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Ballot), target_id=str(ballot.pk), action__in=actions
    )


def vote_anchor(ballot: Ballot) -> dict[str, Any] | None:
    """What the append-only audit trail recorded with the ballot's latest vote: its data, or None.

    Under the ballot's row lock votes are recorded one after the other, so the highest id is the latest
    (a clock, possibly skewed between servers, is not trusted for that).
    """
    return ballot_audit_entries(ballot, VOTE_ACTIONS).order_by("-pk").values_list("data", flat=True).first()


def has_anchored_votes(ballot: Ballot) -> bool:
    return ballot_audit_entries(ballot, VOTE_ACTIONS).filter(data__has_key="chain_head").exists()


def participation(ballot: Ballot) -> QuerySet[CastBallot]:
    """Who took part (never, in a secret ballot, what they chose)."""
    return (
        CastBallot.objects.filter(ballot=ballot)
        .select_related("organisation", "proxy_holder", "cast_by")
        # What the list shows: the rows sorted and joined are then narrow (a sort of 600 wide rows cost 5 ms).
        .only(
            "organisation_id",
            "choice",
            "organisation__legal_name",
            "proxy_holder__legal_name",
            "cast_by__full_name",
            "cast_by__first_name",
            "cast_by__last_name",
            "cast_by__email",
        )
        .order_by("organisation__legal_name", "pk")
    )


def choice_counts(ballot: Ballot) -> dict[str, int]:
    """How many organisations chose each option (every option listed, even at zero)."""
    choices: QuerySet[Any, str]
    if ballot.is_secret:
        choices = AnonymousChoice.objects.filter(ballot=ballot).values_list("choice", flat=True)
    else:
        choices = CastBallot.objects.filter(ballot=ballot).values_list("choice", flat=True)
    counts = dict.fromkeys(ballot.options, 0)
    for choice in choices:
        counts[choice] = counts.get(choice, 0) + 1
    return counts


def participant_count(ballot: Ballot) -> int:
    return CastBallot.objects.filter(ballot=ballot).count()


def eligible_organisation_ids(ballot: Ballot) -> set[int]:
    return set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True))


def pending_join_requests(group: WorkingGroup) -> QuerySet[JoinRequest]:
    return group.join_requests.filter(state=JoinRequest.State.PENDING).select_related("user", "organisation")


def present_user_ids(meeting: Meeting, *, user_ids: Iterable[int] | None = None) -> set[int]:
    """Who was recorded present (among `user_ids` when given)."""
    present = meeting.attendance.filter(present=True)
    if user_ids is not None:
        present = present.filter(user_id__in=list(user_ids))
    return set(present.values_list("user_id", flat=True))


def answers(meeting: Meeting, *, user_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Each invitee's answer to the invitation (attending or apologies), by user id (among `user_ids` if given)."""
    responses = MeetingResponse.objects.filter(meeting=meeting)
    if user_ids is not None:
        responses = responses.filter(user_id__in=list(user_ids))
    return dict(responses.values_list("user_id", "answer"))


@dataclass(frozen=True)
class InviteeSummary:
    """What the meeting page says of its invitees, in numbers (the list is a page of its own)."""

    invited: int
    attending: int
    apologies: int
    present: int | None  # None until the attendance is recorded

    @property
    def no_answer(self) -> int:
        return max(self.invited - self.attending - self.apologies, 0)


def invitee_summary(meeting: Meeting) -> InviteeSummary:
    """Counts of the invitees, their answers and who was present: four counts, whatever the roster's size."""
    invited = invitees(meeting)
    answered = dict(
        MeetingResponse.objects.filter(meeting=meeting, user_id__in=invited.values("user_id"))
        .values_list("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    recorded = meeting.attendance.exists()
    return InviteeSummary(
        invited=invited.count(),
        attending=answered.get(MeetingResponse.Answer.ATTENDING, 0),
        apologies=answered.get(MeetingResponse.Answer.APOLOGIES, 0),
        present=meeting.attendance.filter(present=True).count() if recorded else None,
    )


def apologies_user_ids(meeting: Meeting) -> set[int]:
    return {pk for pk, answer in answers(meeting).items() if answer == MeetingResponse.Answer.APOLOGIES}


def meetings_visible_to(user: User, *, everything: bool) -> QuerySet[Meeting]:
    """The meetings the user may attend (standing roster, ad-hoc invitations), or all for the secretariat.

    Each carries `my_answer` (the user's answer, or None) and `invited` (the user may answer the invitation).
    """
    meetings = Meeting.objects.select_related("group")
    if not everything:
        meetings = meetings.filter(Q(group_id__in=permanent_group_ids_of(user)) | Q(pk__in=ad_hoc_meeting_ids_of(user)))
    invited = RosterEntry.objects.filter(user=user).filter(
        Q(group_id=OuterRef("group_id"), meeting__isnull=True) | Q(meeting_id=OuterRef("pk"))
    )
    return meetings.annotate(
        my_answer=Subquery(MeetingResponse.objects.filter(meeting=OuterRef("pk"), user=user).values("answer")[:1]),
        invited=Exists(invited),
    )


def coming_and_past(meetings: QuerySet[Meeting]) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """The meetings not yet over, soonest first, and those over, latest first."""
    now = timezone.now()
    return meetings.filter(ends_at__gte=now).order_by("starts_at"), meetings.filter(ends_at__lt=now).order_by(
        "-starts_at"
    )


def all_ballots() -> QuerySet[Ballot]:
    """Every ballot (for staff), with how many organisations took part."""
    return Ballot.objects.select_related("group").annotate(taken_part=Count("cast_ballots")).order_by("-opens_at")


def eligible_organisation_ids_subquery(ballot: Ballot) -> QuerySet[EligibleOrganisation, Any]:
    return EligibleOrganisation.objects.filter(ballot=ballot).values("organisation_id")


def proxies_of(ballot: Ballot) -> QuerySet[Proxy]:
    return Proxy.objects.filter(ballot=ballot).select_related("organisation", "holder")


def proposals_visible_to(user: User, *, everything: bool) -> QuerySet[GroupProposal]:
    """Every proposal (for the Commission and staff), or those of the organisations the user acts for."""
    proposals = GroupProposal.objects.all()
    if not everything:
        proposals = proposals.filter(organisation_id__in=organisation_ids_of(user))
    return proposals.select_related("alliance", "organisation").order_by("-created_at")


def ad_hoc_candidates(meeting: Meeting) -> QuerySet[OrganisationUser]:
    """Whom the secretariat may invite ad hoc to the meeting: people of organisations the alliance knows.

    Those are the organisations on the group's roster, the alliance's active members, and the organisations that
    submitted an application to the alliance; never an organisation that merely holds an account. People already
    on the group's standing roster or invited to this meeting are left out.
    """
    alliance_id = meeting.group.alliance_id
    on_roster = RosterEntry.objects.filter(group_id=meeting.group_id, meeting__isnull=True).values("organisation_id")
    members = Membership.objects.filter(alliance_id=alliance_id, state=Membership.State.ACTIVE).values(
        "organisation_id"
    )
    applied = Application.objects.filter(alliance_id=alliance_id, submitted_at__isnull=False).values("organisation_id")
    known = Q(organisation_id__in=on_roster) | Q(organisation_id__in=members) | Q(organisation_id__in=applied)
    return (
        OrganisationUser.objects.filter(known)
        .exclude(user__roster_entries__group_id=meeting.group_id, user__roster_entries__meeting__isnull=True)
        .exclude(user__roster_entries__meeting=meeting)
        .select_related("user", "organisation")
        .distinct()
        .order_by("organisation__legal_name", "user__full_name", "pk")
    )
