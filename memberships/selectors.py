"""Shared reads about memberships. Voting rights are derived here, from active memberships, never stored."""

from memberships.models import MemberRepresentative, Membership


def active_memberships(alliance=None):
    queryset = Membership.objects.filter(state=Membership.State.ACTIVE)
    if alliance is not None:
        queryset = queryset.filter(alliance=alliance)
    return queryset


def public_member_list(alliance):
    """What the Commission publishes: the admitted organisations' name, country and type, nothing more."""
    return (
        active_memberships(alliance)
        .order_by("organisation__legal_name")
        .values("organisation__legal_name", "organisation__country", "organisation__organisation_type")
    )


def directory(*, alliance=None, state=None):
    queryset = Membership.objects.select_related("organisation", "alliance").order_by(
        "alliance__name", "organisation__legal_name"
    )
    if alliance is not None:
        queryset = queryset.filter(alliance=alliance)
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def voting_organisation_ids(alliance):
    """The organisations with a vote in the alliance's working groups right now."""
    return set(active_memberships(alliance).values_list("organisation_id", flat=True))


def has_active_membership(organisation_id, alliance_id):
    return Membership.objects.filter(
        organisation_id=organisation_id, alliance_id=alliance_id, state=Membership.State.ACTIVE
    ).exists()


def member_alliance_ids_of(user):
    """The alliances in which the user acts for an active member organisation (cached per request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_member_alliance_ids", None)
    if cached is None:
        from organisations.selectors import organisation_ids_of

        cached = frozenset(
            active_memberships()
            .filter(organisation_id__in=organisation_ids_of(user))
            .values_list("alliance_id", flat=True)
        )
        user._member_alliance_ids = cached
    return cached


def representatives_of(membership):
    return MemberRepresentative.objects.filter(membership=membership).select_related("user")


def memberships_of(user):
    """The memberships of the organisations the user acts for (where they name representatives)."""
    from organisations.selectors import organisation_ids_of

    return (
        Membership.objects.filter(organisation_id__in=organisation_ids_of(user))
        .select_related("organisation", "alliance")
        .order_by("organisation__legal_name", "alliance__name")
    )
