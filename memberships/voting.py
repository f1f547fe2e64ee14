"""Voting rights: the one home of the rule.

An organisation has voting rights in an alliance while its membership is active (`Membership.objects.active()`);
a suspended or ended membership keeps its records but none of its powers. A person casts an organisation's vote
only while the organisation names them as its member representative and the membership is active. The working
groups add their own condition on top (a voting role on the roster, an eligible organisation in the ballot), but
ask this module for these two rules, in Python or, for querysets, as `Exists` expressions.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, QuerySet

from accounts.models import User
from memberships.models import MemberRepresentative, Membership

# A value or an `OuterRef(...)` into the enclosing query.
Reference = Any


def has_voting_rights(*, organisation_id: int, alliance_id: int) -> bool:
    """The organisation holds an active membership of the alliance."""
    return Membership.objects.active().filter(organisation_id=organisation_id, alliance_id=alliance_id).exists()


def voting_organisation_ids(alliance_id: int) -> set[int]:
    """The organisations with voting rights in the alliance right now (derived from active memberships)."""
    # No ordering: the model's default (by alliance and organisation name) would join both tables for a set.
    active = Membership.objects.active().filter(alliance_id=alliance_id).order_by()
    return set(active.values_list("organisation_id", flat=True))


def voting_organisations(alliance_id: int) -> QuerySet[Membership, Any]:
    """The same set as a subquery (`organisation_id`), for a filter that must stay one query."""
    return Membership.objects.active().filter(alliance_id=alliance_id).values("organisation_id")


def is_named_representative(*, user: User, organisation_id: int, alliance_id: int) -> bool:
    """The organisation names the person as its representative in the alliance (whatever the membership's state)."""
    return MemberRepresentative.objects.filter(
        membership__organisation_id=organisation_id, membership__alliance_id=alliance_id, user=user
    ).exists()


def may_cast_vote(*, user: User, organisation_id: int, alliance_id: int) -> bool:
    """The person may cast the organisation's vote: a named representative of an active membership."""
    return (
        Membership.objects.active()
        .filter(organisation_id=organisation_id, alliance_id=alliance_id, representatives__user=user)
        .exists()
    )


def has_voting_rights_expression(*, organisation: Reference, alliance: Reference) -> Exists:
    """`has_voting_rights` inside a query, e.g. `organisation=OuterRef("organisation"), alliance=OuterRef(...)`."""
    return Exists(Membership.objects.active().filter(organisation=organisation, alliance=alliance))


def may_cast_vote_expression(*, user: Reference, organisation: Reference, alliance: Reference) -> Exists:
    """`may_cast_vote` inside a query."""
    return Exists(
        MemberRepresentative.objects.filter(
            user=user,
            membership__organisation=organisation,
            membership__alliance=alliance,
            membership__state=Membership.State.ACTIVE,
        )
    )


def acts_for_voting_member(user: User) -> bool:
    """The person acts (as owner or editor) for an organisation with voting rights in some alliance."""
    return Membership.objects.active().filter(organisation__memberships_of_users__user=user).exists()


def alliances_with_voting_rights(organisation_ids: Iterable[int]) -> frozenset[int]:
    """The alliances in which one of the organisations holds an active membership."""
    return frozenset(
        Membership.objects.active().filter(organisation_id__in=organisation_ids).values_list("alliance_id", flat=True)
    )
