from django.dispatch import Signal

# Sent inside the transaction that freezes a ballot's result; kwargs: `ballot`, `result` (the tally's Result).
ballot_closed = Signal()

# Sent while a meeting's draft minutes are written from the record; kwargs: `meeting`, `since`, `until`.
# A receiver returns (heading, [lines]) for a section of the draft, or None (e.g. the deliverables discussed).
minutes_sections = Signal()
