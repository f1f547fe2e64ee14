"""What the working groups announce to the apps built on them (e.g. the deliverables app)."""

from django.dispatch import Signal

# A ballot's result was frozen, inside the transaction that closes it. sender=Ballot; kwargs: ballot, result
# (a workinggroups.tally.Result).
ballot_closed = Signal()

# Sent while a meeting's draft minutes are written from the record; kwargs: `meeting`, `since`, `until`.
# A receiver returns (heading, [lines]) for a section of the draft, or None (e.g. the deliverables discussed).
minutes_sections = Signal()
