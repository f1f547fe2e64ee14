"""What the applications app announces, so that the apps above it (declarations) take part in the application
form without being imported here (pretix lets its plugins add checkout steps the same way)."""

from django.dispatch import Signal

# Sent when the steps of the application form are gathered. A receiver returns a subclass of
# applications.steps.Step; steps are ordered by their `position`.
form_steps = Signal()

# Sent with `application=` when the application is checked before submission. A receiver returns the list of
# what its app still needs before the application can be submitted, in words the applicant can act on.
submission_requirements = Signal()

# Sent with `application=` when the application is frozen at submission. A receiver returns a dict of the parts
# of the snapshot its app owns (e.g. {"declaration": ...}).
snapshot_parts = Signal()
