from django.dispatch import Signal

# Sent inside the transaction that freezes a ballot's result; kwargs: `ballot`, `result` (the tally's Result).
ballot_closed = Signal()
