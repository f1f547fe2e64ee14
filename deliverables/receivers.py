"""How deliverables react to what the working groups announce."""

import logging

from django.dispatch import receiver

from deliverables.services import record_ballot_result
from workinggroups.signals import ballot_closed

logger = logging.getLogger(__name__)


@receiver(ballot_closed, dispatch_uid="deliverables.adoption_result")
def adoption_ballot_closed(sender, *, ballot, result, **kwargs):
    """A ballot's result is frozen: if it was an adoption vote, adopt the version or return to drafting."""
    record_ballot_result(ballot=ballot, result=result)
