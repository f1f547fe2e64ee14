"""What memberships announce to the apps built on them (they connect receivers; memberships imports none of them).

Each is sent inside the transaction that makes the change, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# A membership stopped being active (suspended or ended). kwargs: membership, by (the actor), reason.
membership_deactivated = Signal()

# The organisation no longer names a person as its representative. kwargs: membership, user, by.
representative_removed = Signal()

# An organisation became an active member (admitted, or admitted again), inside the transaction that admits it.
# kwargs: membership, by (the actor, or None), application (the approved application, or None).
membership_admitted = Signal()
