"""Who gets an e-mail: the one place that turns roles and organisations into addresses.

Notifications sit below the domain apps, so organisations are reached through the user model's
relations (`organisation_roles`), never by importing the organisations app.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

if TYPE_CHECKING:  # for annotations only: importing it at run time would run upward
    from organisations.models import Organisation

OWNER = "owner"  # organisations.models.OrganisationUser.Role.OWNER


def emails_in_role(role: str, *, exclude_ids: Iterable[int] = ()) -> list[str]:
    """The addresses of the active people who hold `role` (a group name from `accounts.roles`)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .exclude(pk__in=list(exclude_ids))
        .values_list("email", flat=True)
    )


def organisation_emails(organisation: "Organisation") -> list[str]:
    """Everyone active who acts for the organisation, and its primary contact."""
    people = get_user_model().objects.filter(organisation_roles__organisation=organisation, is_active=True)
    return [*people.values_list("email", flat=True), organisation.contact_email]


def owner_emails_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[str]]:
    """The owners' addresses of each organisation, in one query."""
    owners: dict[int, list[str]] = {}
    rows = (
        get_user_model()
        .objects.filter(organisation_roles__organisation_id__in=list(organisation_ids), organisation_roles__role=OWNER)
        .values_list("organisation_roles__organisation_id", "email")
    )
    for organisation_id, email in rows:
        owners.setdefault(organisation_id, []).append(email)
    return owners
