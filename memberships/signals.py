"""What memberships announce to the apps built on them (they connect receivers; memberships imports none of them).

Both are sent inside the transaction that makes the change, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# A membership stopped being active (suspended or ended). kwargs: membership, by (the actor), reason.
membership_deactivated = Signal()

# The organisation no longer names a person as its representative. kwargs: membership, user, by.
representative_removed = Signal()
