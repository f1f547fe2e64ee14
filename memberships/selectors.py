"""Shared reads about memberships. Voting rights are derived from active memberships in `memberships/voting.py`."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from alliances.models import Alliance
from memberships import voting
from memberships.models import MemberRepresentative, Membership
from organisations.selectors import organisation_ids_of


def active_memberships(alliance: Alliance | None = None) -> QuerySet[Membership]:
    queryset = Membership.objects.active()
    if alliance is not None:
        queryset = queryset.filter(alliance=alliance)
    return queryset


def public_member_list(alliance: Alliance) -> QuerySet[Membership, Any]:
    """What the Commission publishes: the admitted organisations' name, country and type, nothing more."""
    return (
        active_memberships(alliance)
        .order_by("organisation__legal_name")
        .values("organisation__legal_name", "organisation__country", "organisation__organisation_type")
    )


def directory(*, alliance: Alliance | None = None, state: str | None = None) -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("organisation", "alliance").order_by(
        "alliance__name", "organisation__legal_name"
    )
    if alliance is not None:
        queryset = queryset.filter(alliance=alliance)
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def member_alliance_ids_of(user: User) -> frozenset[int]:
    """The alliances in which the user acts for an organisation with voting rights (cached per request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_member_alliance_ids", None)
    if cached is None:
        cached = voting.alliances_with_voting_rights(organisation_ids_of(user))
        user._member_alliance_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def representatives_of(membership: Membership) -> QuerySet[MemberRepresentative]:
    return MemberRepresentative.objects.filter(membership=membership).select_related("user")


def memberships_of(user: User) -> QuerySet[Membership]:
    """The memberships of the organisations the user acts for (where they name representatives)."""
    return (
        Membership.objects.filter(organisation_id__in=organisation_ids_of(user))
        .select_related("organisation", "alliance")
        .order_by("organisation__legal_name", "alliance__name")
    )
