from declarations.models import DeclarationVersion, Signature


def current_declaration_version(alliance):
    return DeclarationVersion.objects.filter(alliance=alliance, published_at__isnull=False).order_by("-version").first()


def has_signed(organisation_id, declaration_version):
    """Whether the organisation signed this version, when it applied or since, as a member."""
    return Signature.objects.filter(organisation_id=organisation_id, declaration_version=declaration_version).exists()


def declarations_awaiting_signature(user):
    """The active memberships of the user's organisations whose alliance's current Declaration the organisation
    has not signed (a new version was published since): a list of (membership, declaration_version)."""
    from memberships.selectors import active_memberships
    from organisations.selectors import organisation_ids_of

    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return []
    memberships = list(
        active_memberships()
        .filter(organisation_id__in=organisation_ids)
        .select_related("organisation", "alliance")
        .order_by("organisation__legal_name", "alliance__name")
    )
    current = {}
    published = DeclarationVersion.objects.filter(
        alliance_id__in={membership.alliance_id for membership in memberships}, published_at__isnull=False
    ).order_by("alliance_id", "-version")
    for version in published:
        current.setdefault(version.alliance_id, version)
    signed = set(
        Signature.objects.filter(
            organisation_id__in=organisation_ids, declaration_version__in=list(current.values())
        ).values_list("organisation_id", "declaration_version_id")
    )
    return [
        (membership, current[membership.alliance_id])
        for membership in memberships
        if membership.alliance_id in current
        and (membership.organisation_id, current[membership.alliance_id].pk) not in signed
    ]
