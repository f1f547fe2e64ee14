"""How the working groups react to what memberships announce (connected in WorkinggroupsConfig.ready)."""

from typing import Any

from django.dispatch import receiver

from accounts.models import User
from memberships.models import Membership
from memberships.signals import membership_deactivated, representative_removed
from workinggroups.services.proxies import void_proxies_held_by
from workinggroups.services.rosters import withdraw_former_representative


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
