"""Membership state changes and the naming of representatives: each checks the move, audits it and notifies.

What a change means for the working groups (proxies voided, voting roles withdrawn) is announced with the
signals in `memberships/signals.py`; the working groups react in their `receivers.py`.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from alliances.models import Alliance
from applications.models import Application
from audit.services import record
from memberships.models import MemberRepresentative, Membership
from memberships.signals import membership_admitted, membership_deactivated, representative_removed
from notifications.recipients import organisation_emails
from notifications.services import queue_email
from organisations.models import Organisation, OrganisationUser

logger = logging.getLogger(__name__)


@transaction.atomic
def admit(
    *,
    organisation: Organisation,
    alliance: Alliance,
    by: User,
    application: Application | None = None,
    reason: str = "",
) -> Membership:
    """Make the organisation an active member of the alliance (on approval of its application).

    `membership_admitted` lets the working groups turn the groups ticked in the application into requests to join.
    """
    require(by, "memberships.admit", organisation, _("Only decision makers and administrators admit members."))
    membership, created = Membership.objects.select_for_update().get_or_create(
        organisation=organisation,
        alliance=alliance,
        defaults={"state": Membership.State.ACTIVE, "started_on": timezone.localdate(), "application": application},
    )
    from_state = "" if created else membership.state
    if not created:
        membership.state = Membership.State.ACTIVE
        membership.started_on = timezone.localdate()
        membership.ended_on = None
        membership.application = application
        membership.save()
    record(
        actor=by,
        action="membership.admitted",
        target=membership,
        from_state=from_state,
        to_state=Membership.State.ACTIVE,
        reason=reason,
    )
    logger.info("Membership %s admitted: organisation %s, alliance %s", membership.pk, organisation.pk, alliance.pk)
    membership_admitted.send(sender=Membership, membership=membership, by=by, application=application)
    return membership


@transaction.atomic
def change_state(*, membership: Membership, to_state: str, by: User, reason: str) -> Membership:
    """Suspend, reinstate or end a membership, with the reason, in the audit trail; tell the organisation.

    A membership that stops being active loses its powers in the working groups at once (they are derived
    from the state), and `membership_deactivated` lets the working groups void the proxies its organisation
    holds in open ballots, so that the organisations that gave them can vote themselves. Votes it cast while
    active stay counted.
    """
    require(
        by,
        "memberships.change_membership_state",
        membership,
        _("Only decision makers and administrators suspend, reinstate or end a membership."),
    )
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation", "alliance")
        .get(pk=membership.pk)
    )
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    if not membership.can_move_to(to_state):
        logger.warning("Membership %s: move from %s to %s refused", membership.pk, membership.state, to_state)
        raise ValidationError(
            _("A membership that is %(state)s cannot become %(to)s.")
            % {"state": membership.get_state_display().lower(), "to": Membership.State(to_state).label.lower()}
        )
    from_state = membership.state
    membership.state = to_state
    if to_state == Membership.State.ENDED:
        membership.ended_on = timezone.localdate()
    membership.save(update_fields=["state", "ended_on", "updated_at"])
    entry = record(
        actor=by,
        action=f"membership.{to_state}",
        target=membership,
        from_state=from_state,
        to_state=to_state,
        reason=reason.strip(),
    )
    queue_email(
        key=f"membership:{membership.pk}:{to_state}:{entry.pk}",
        to=organisation_emails(membership.organisation),
        template="memberships/email/state_changed",
        context={"membership": membership, "reason": reason.strip(), "from_state": Membership.State(from_state).label},
    )
    logger.info("Membership %s moved from %s to %s", membership.pk, from_state, to_state)
    if to_state in (Membership.State.SUSPENDED, Membership.State.ENDED):
        membership_deactivated.send(sender=Membership, membership=membership, by=by, reason=reason.strip())
    return membership


def suspend(*, membership: Membership, by: User, reason: str) -> Membership:
    return change_state(membership=membership, to_state=Membership.State.SUSPENDED, by=by, reason=reason)


def reinstate(*, membership: Membership, by: User, reason: str) -> Membership:
    return change_state(membership=membership, to_state=Membership.State.ACTIVE, by=by, reason=reason)


def end(*, membership: Membership, by: User, reason: str) -> Membership:
    return change_state(membership=membership, to_state=Membership.State.ENDED, by=by, reason=reason)


def _acts_for(user: User, membership: Membership) -> bool:
    return OrganisationUser.objects.filter(organisation_id=membership.organisation_id, user=user).exists()


@transaction.atomic
def name_representative(*, membership: Membership, user: User, by: User) -> MemberRepresentative:
    """The organisation names one of its own people as a member representative."""
    require(
        by,
        "memberships.name_representative",
        membership,
        _("Only people of the organisation name its representatives."),
    )
    if not _acts_for(user, membership):
        raise ValidationError(_("A representative must be one of the organisation's own people."))
    if membership.state == Membership.State.ENDED:
        raise ValidationError(_("The membership has ended."))
    representative, created = MemberRepresentative.objects.get_or_create(
        membership=membership, user=user, defaults={"named_by": by}
    )
    if created:
        record(actor=by, action="membership.representative_named", target=membership, data={"user": user.email})
        logger.info("Membership %s names user %s as representative", membership.pk, user.pk)
    return representative


@transaction.atomic
def remove_representative(*, representative: MemberRepresentative, by: User) -> None:
    """The organisation stops naming the person; `representative_removed` withdraws their voting roles."""
    membership = representative.membership
    require(
        by,
        "memberships.name_representative",
        membership,
        _("Only people of the organisation remove its representatives."),
    )
    user = representative.user
    representative.delete()
    record(actor=by, action="membership.representative_removed", target=membership, data={"user": user.email})
    logger.info("Membership %s no longer names user %s as representative", membership.pk, user.pk)
    representative_removed.send(sender=Membership, membership=membership, user=user, by=by)
