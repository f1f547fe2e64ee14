"""What the alliances app announces, so that the apps above it can answer without being imported here."""

from django.dispatch import Signal

# Sent with `criteria_version=` when the admin asks whether a criteria version may still change. A receiver
# returns True when something of its app rests on the version (an application is assessed against it).
criteria_version_in_use = Signal()
