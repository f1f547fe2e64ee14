from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from organisations.models import Invitation, Organisation, OrganisationUser, invitation_validity


def organisation_ids_of(user: User | AnonymousUser) -> frozenset[int]:
    """The organisations a user acts for, cached on the user for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_organisation_ids", None)
    if cached is None:
        cached = frozenset(OrganisationUser.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._organisation_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the instance
    return cached


def forget_organisation_ids(user: User) -> None:
    """After the user starts or stops acting for an organisation: the cached set is out of date."""
    user.__dict__.pop("_organisation_ids", None)


def owned_organisation_ids(user: User | AnonymousUser) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        OrganisationUser.objects.filter(user=user, role=OrganisationUser.Role.OWNER).values_list(
            "organisation_id", flat=True
        )
    )


def organisations_of(user: User | AnonymousUser) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids_of(user)).order_by("legal_name")


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations that can still be accepted: neither accepted nor revoked, nor older than their validity."""
    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            created_at__gt=timezone.now() - invitation_validity(),
        )
        .select_related("invited_by")
        .order_by("email")
    )
