"""What the working groups announce to the apps built on them (e.g. a future deliverables app)."""

from django.dispatch import Signal

# A ballot's result was frozen, inside the transaction that closes it. sender=Ballot; kwargs: ballot, result
# (a workinggroups.tally.Result).
ballot_closed = Signal()
