"""How the working groups react to what memberships announce (connected in WorkinggroupsConfig.ready)."""

from typing import Any

from django.dispatch import receiver

from accounts.models import User
from applications.models import Application
from memberships.models import Membership
from memberships.signals import membership_admitted, membership_deactivated, representative_removed
from workinggroups.services.proxies import void_proxies_held_by
from workinggroups.services.rosters import request_ticked_groups, withdraw_former_representative


@receiver(membership_deactivated, dispatch_uid="workinggroups.void_proxies_on_deactivation")
def void_proxies_of_deactivated_member(
    sender: type[Membership], *, membership: Membership, by: User | None, reason: str, **kwargs: Any
) -> None:
    """A suspended or ended member holds no proxy: the organisations that gave one vote themselves again."""
    void_proxies_held_by(membership=membership, by=by, reason=reason)


@receiver(representative_removed, dispatch_uid="workinggroups.withdraw_former_representative")
def withdraw_voting_roles(
    sender: type[Membership], *, membership: Membership, user: User, by: User, **kwargs: Any
) -> None:
    """A person the organisation no longer names loses its voting roles in the alliance's groups."""
    withdraw_former_representative(membership=membership, user=user, by=by)


@receiver(membership_admitted, dispatch_uid="workinggroups.request_ticked_groups")
def request_groups_ticked_in_application(
    sender: type[Membership],
    *,
    membership: Membership,
    by: User | None,
    application: Application | None,
    **kwargs: Any,
) -> None:
    """The working groups ticked in the approved application become requests to join for the secretariat."""
    if application is not None:
        request_ticked_groups(membership=membership, application=application, by=by)
