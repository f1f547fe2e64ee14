from organisations.models import Organisation, OrganisationUser


def organisation_ids_of(user):
    """The organisations a user acts for, cached on the user for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_organisation_ids", None)
    if cached is None:
        cached = frozenset(OrganisationUser.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._organisation_ids = cached
    return cached


def owned_organisation_ids(user):
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        OrganisationUser.objects.filter(user=user, role=OrganisationUser.Role.OWNER).values_list(
            "organisation_id", flat=True
        )
    )


def organisations_of(user):
    return Organisation.objects.filter(pk__in=organisation_ids_of(user)).order_by("legal_name")
