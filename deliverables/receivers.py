"""How deliverables react to what the working groups announce."""

import logging

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from deliverables.selectors import active_between
from deliverables.services import record_ballot_result
from workinggroups.signals import ballot_closed, minutes_sections

logger = logging.getLogger(__name__)


@receiver(ballot_closed, dispatch_uid="deliverables.adoption_result")
def adoption_ballot_closed(sender, *, ballot, result, **kwargs):
    """A ballot's result is frozen: if it was an adoption vote, adopt the version or return to drafting."""
    try:
        record_ballot_result(ballot=ballot, result=result)
    except ValidationError:
        # The ballot's result stands whatever happened to the deliverable meanwhile: never block its closing.
        logger.exception("Ballot %s closed, but its deliverable could not take the result", ballot.pk)


@receiver(minutes_sections, dispatch_uid="deliverables.minutes_section")
def deliverables_discussed(sender, *, meeting, since, until, **kwargs):
    """The draft minutes' section on the deliverables worked on since the previous meeting."""
    lines = [f"- {item.title} ({item.get_state_display()})" for item in active_between(meeting.group, since, until)]
    return (_("Deliverables discussed"), lines or [_("None.")])
