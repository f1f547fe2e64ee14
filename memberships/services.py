from django.db import transaction
from django.utils import timezone

from audit.services import record
from memberships.models import Membership


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
