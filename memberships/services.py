from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require
from audit.services import record
from memberships.models import MemberRepresentative, Membership
from notifications.services import queue_email
from organisations.models import OrganisationUser


@transaction.atomic
def admit(*, organisation, alliance, by, application=None, reason=""):
    """Make the organisation an active member of the alliance (on approval of its application)."""
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
    return membership


def _organisation_emails(organisation):
    return list(OrganisationUser.objects.filter(organisation=organisation).values_list("user__email", flat=True)) + [
        organisation.contact_email
    ]


@transaction.atomic
def change_state(*, membership, to_state, by, reason):
    """Suspend, reinstate or end a membership, with the reason, in the audit trail; tell the organisation.

    A membership that stops being active loses its powers in the working groups at once (they are derived
    from the state), and the proxies its organisation holds in open ballots are voided so that the
    organisations that gave them can vote themselves. Votes it cast while active stay counted.
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation", "alliance")
        .get(pk=membership.pk)
    )
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    if not membership.can_move_to(to_state):
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
        to=_organisation_emails(membership.organisation),
        template="memberships/email/state_changed",
        context={"membership": membership, "reason": reason.strip(), "from_state": Membership.State(from_state).label},
    )
    if to_state in (Membership.State.SUSPENDED, Membership.State.ENDED):
        # Imported here: working groups build on memberships, not the other way round.
        from workinggroups.services import void_proxies_held_by

        void_proxies_held_by(membership=membership, by=by, reason=reason.strip())
    return membership


def suspend(*, membership, by, reason):
    return change_state(membership=membership, to_state=Membership.State.SUSPENDED, by=by, reason=reason)


def reinstate(*, membership, by, reason):
    return change_state(membership=membership, to_state=Membership.State.ACTIVE, by=by, reason=reason)


def end(*, membership, by, reason):
    return change_state(membership=membership, to_state=Membership.State.ENDED, by=by, reason=reason)


@transaction.atomic
def name_representative(*, membership, user, by):
    """The organisation names one of its own people as a member representative."""
    require(
        by,
        "memberships.name_representative",
        membership,
        _("Only people of the organisation name its representatives."),
    )
    if not OrganisationUser.objects.filter(organisation_id=membership.organisation_id, user=user).exists():
        raise ValidationError(_("A representative must be one of the organisation's own people."))
    if membership.state == Membership.State.ENDED:
        raise ValidationError(_("The membership has ended."))
    representative, created = MemberRepresentative.objects.get_or_create(
        membership=membership, user=user, defaults={"named_by": by}
    )
    if created:
        record(actor=by, action="membership.representative_named", target=membership, data={"user": user.email})
    return representative


@transaction.atomic
def remove_representative(*, representative, by):
    """The organisation stops naming the person; the person's voting roles in the alliance's groups go too."""
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
    from workinggroups.services import withdraw_former_representative

    withdraw_former_representative(membership=membership, user=user, by=by)
