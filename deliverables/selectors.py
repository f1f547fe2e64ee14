"""Typed reads of deliverables: who writes and comments, what each person sees, lists for the pages.

Every list a page shows is fetched with a constant number of queries, whatever the number of versions,
comments and deliverables (tests at 1 and N).
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from alliances.models import Alliance
from deliverables.models import (
    AdoptionVote,
    Comment,
    CommentRound,
    Deliverable,
    MinorityStatement,
    Rapporteur,
    RoundInvitee,
    Version,
)
from memberships.selectors import member_alliance_ids_of
from organisations.models import Organisation
from workinggroups.models import Ballot, CastBallot, RosterEntry, WorkingGroup
from workinggroups.selectors import permanent_group_ids_of, represented_organisation_ids, voting_entries

AnyUser = User | AnonymousUser


def rapporteur_deliverable_ids_of(user: AnyUser) -> frozenset[int]:
    """Deliverables the user writes, while still on the group's standing roster for an active member (cached)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_rapporteur_ids", None)
    if cached is None:
        cached = frozenset(
            Rapporteur.objects.filter(user=user, deliverable__group_id__in=permanent_group_ids_of(user)).values_list(
                "deliverable_id", flat=True
            )
        )
        user._rapporteur_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def invited_round_ids_of(user: AnyUser) -> frozenset[int]:
    """Comment rounds the secretariat invited the user to (cached for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_invited_round_ids", None)
    if cached is None:
        cached = frozenset(RoundInvitee.objects.filter(user=user).values_list("round_id", flat=True))
        user._invited_round_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def commenting_organisation(user: User, comment_round: CommentRound) -> Organisation | None:
    """The organisation the user comments for in the round (their roster entry's, or invitation's), or None."""
    entry = (
        RosterEntry.objects.filter(group_id=comment_round.deliverable.group_id, user=user, meeting__isnull=True)
        .select_related("organisation")
        .first()
    )
    if entry is not None and entry.group_id in permanent_group_ids_of(user):
        return entry.organisation
    invitation = comment_round.invitees.filter(user=user).select_related("organisation").first()
    return invitation.organisation if invitation is not None else None


def eligible_rapporteurs(group: WorkingGroup) -> QuerySet:
    """Roster entries whose person may be named rapporteur: a named representative of an active member."""
    return (
        voting_entries()
        .filter(group=group)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email")
    )


def deliverables_of(group: WorkingGroup, user: User) -> QuerySet:
    """The group's deliverables the user may see, with their counts, in a constant number of queries."""
    queryset = Deliverable.objects.filter(group=group)
    if not _sees_everything_in(group, user):
        queryset = queryset.exclude(visibility=Deliverable.Visibility.GROUP)
    return queryset.annotate(
        version_count=Count("versions", distinct=True),
    ).order_by("-created_at")


def deliverables_for(user: User, *, everything: bool, state: str = "") -> QuerySet:
    """Every deliverable the user may see across groups (staff: all), optionally in one state."""
    queryset = Deliverable.objects.select_related("group__alliance")
    if not everything:
        queryset = queryset.filter(
            Q(group_id__in=permanent_group_ids_of(user))
            | (~Q(visibility=Deliverable.Visibility.GROUP) & Q(group__alliance_id__in=member_alliance_ids_of(user)))
        )
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("group__alliance__name", "group__name", "-created_at")


def _sees_everything_in(group: WorkingGroup, user: User) -> bool:
    return (
        user.has_perm("workinggroups.manage_roster")
        or user.has_perm("memberships.export_register")
        or group.pk in permanent_group_ids_of(user)
    )


def deliverable_page(pk: int) -> Deliverable:
    """A deliverable with what its page shows: group, rapporteurs, versions (without their text), rounds, votes."""
    return (
        Deliverable.objects.select_related("group__alliance", "adopted_version", "acknowledged_by")
        .prefetch_related(
            Prefetch("rapporteurs", queryset=Rapporteur.objects.select_related("user", "organisation")),
            Prefetch(
                "versions",
                queryset=Version.objects.select_related("author").defer("text").order_by("-number"),
            ),
            Prefetch(
                "rounds",
                queryset=CommentRound.objects.select_related("version").annotate(
                    comment_count=Count("comments", distinct=True),
                    open_count=Count("comments", filter=Q(comments__resolution=""), distinct=True),
                ),
            ),
            Prefetch("votes", queryset=AdoptionVote.objects.select_related("ballot", "version")),
        )
        .get(pk=pk)
    )


def round_comments(comment_round: CommentRound) -> QuerySet:
    return (
        Comment.objects.filter(round=comment_round)
        .select_related("organisation", "author", "resolved_by")
        .order_by("paragraph", "created_at", "pk")
    )


def organisations_yet_to_comment(comment_round: CommentRound) -> QuerySet:
    """Standing roster entries and invitees whose organisation has not commented in the round yet."""
    commented = Comment.objects.filter(round=comment_round, organisation=OuterRef("organisation"))
    return (
        RosterEntry.objects.filter(group_id=comment_round.deliverable.group_id, meeting__isnull=True)
        .exclude(role=RosterEntry.Role.OBSERVER)
        .filter(~Exists(commented))
        .select_related("user")
    )


def _published_statements() -> QuerySet:
    """Minority statements of organisations whose final choice was against (only those are published)."""
    voted_no = CastBallot.objects.filter(
        ballot_id=OuterRef("vote__ballot_id"), organisation=OuterRef("organisation"), choice=Ballot.NO
    )
    return (
        MinorityStatement.objects.filter(Exists(voted_no))
        .select_related("organisation")
        .order_by("organisation__legal_name")
    )


def statements_against(vote: AdoptionVote) -> QuerySet:
    """The vote's published minority statements."""
    return _published_statements().filter(vote=vote)


def organisations_against(vote: AdoptionVote, user: User) -> list[Organisation]:
    """The organisations the user votes for in the group whose ballot in this vote is against."""
    represented = represented_organisation_ids(user, vote.deliverable.group)
    return [
        cast.organisation
        for cast in CastBallot.objects.filter(
            ballot_id=vote.ballot_id, organisation_id__in=represented, choice=Ballot.NO
        ).select_related("organisation")
    ]


def carried_vote(deliverable: Deliverable) -> AdoptionVote | None:
    """The adoption vote that carried: the record of adoption."""
    if deliverable.adopted_version_id is None:
        return None
    return (
        AdoptionVote.objects.filter(deliverable=deliverable, version_id=deliverable.adopted_version_id)
        .filter(ballot__carried=True)
        .select_related("ballot", "version")
        .first()
    )


def public_deliverables(alliance: Alliance) -> list[AdoptionVote]:
    """What the alliance's public page lists: published deliverables, with their adoption record (two queries)."""
    return list(
        AdoptionVote.objects.filter(
            deliverable__group__alliance=alliance,
            deliverable__state=Deliverable.State.PUBLISHED,
            deliverable__visibility=Deliverable.Visibility.PUBLIC,
            ballot__carried=True,
        )
        .select_related("deliverable__group", "ballot")
        .prefetch_related(
            Prefetch(
                "minority_statements",
                queryset=_published_statements(),
                to_attr="published_statements",
            )
        )
        .order_by("-deliverable__adopted_at")
    )


def active_between(group: WorkingGroup, since: datetime | None, until: datetime) -> QuerySet:
    """The group's deliverables with something on record in the period: a version, a round, a vote, adoption."""

    def window(field: str) -> Q:
        return Q(**{f"{field}__lte": until}) & (Q(**{f"{field}__gt": since}) if since else Q())

    return (
        Deliverable.objects.filter(group=group)
        .filter(
            window("versions__created_at")
            | window("rounds__opened_at")
            | window("rounds__closed_at")
            | window("votes__put_at")
            | window("adopted_at")
        )
        .distinct()
        .order_by("title")
    )


def awaiting_acknowledgement() -> QuerySet:
    """Adopted deliverables whose receipt the Commission has not acknowledged yet, oldest first."""
    return (
        Deliverable.objects.filter(state=Deliverable.State.ADOPTED)
        .select_related("group__alliance")
        .order_by("adopted_at", "pk")
    )


def open_rounds_in(group_ids: Iterable[int]) -> QuerySet:
    """Comment rounds open in these groups, closing first."""
    return (
        CommentRound.objects.filter(state=CommentRound.State.OPEN, deliverable__group_id__in=group_ids)
        .select_related("deliverable__group", "version")
        .order_by("closes_at", "pk")
    )
