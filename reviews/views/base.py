"""What the review views share: the application as the review pages read it, and the user's own assignment."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import User
from applications.models import Application
from reviews import selectors
from reviews.forms import QueueFilterForm
from reviews.models import Assignment


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind @login_required: its user is a signed-in User (for the type checker)."""

    user: User


def application_or_404(pk: int) -> Application:
    return get_object_or_404(selectors.application_for_review(pk), pk=pk)


def own_assignment(request: AuthenticatedRequest, application: Application) -> Assignment | None:
    return selectors.own_assignment(request.user, application)


def queue_filters(request: AuthenticatedRequest) -> tuple[QueueFilterForm, dict]:
    """The queue's filter form (the reviewer filter only for those who see assignments) and its filters."""
    show_reviewer = request.user.has_perm("reviews.view_assignments", None) or request.user.has_perm(
        "reviews.export_queue"
    )
    form = QueueFilterForm(request.GET or None, show_reviewer=show_reviewer)
    return form, form.filters()
