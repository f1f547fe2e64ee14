"""What every review service shares: its error types and the lock on the application."""

from django.core.exceptions import ValidationError

from applications.models import Application

# Each open application gets at least this many reviewers who have not declared a conflict.
MIN_REVIEWERS = 2


class ReviewError(ValidationError):
    pass


class AlreadyDecided(ReviewError):
    pass


def lock(application: Application) -> Application:
    """The application, locked for the transaction (with what the e-mails and the audit entry name)."""
    return Application.objects.select_for_update().select_related("alliance", "organisation").get(pk=application.pk)
