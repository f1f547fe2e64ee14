"""What the working-group views share: the object they act on (404 for anything the user may not see), and
refusals by permission shown like any other refusal."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import get_object_or_404_unless_permitted
from workinggroups.models import Ballot, Meeting, WorkingGroup

PAGE = 20


class AuthenticatedRequest(HttpRequest):
    """A request `login_required` let through: its user is a signed-in person (for the type checker)."""

    user: User


def group_or_404(request: HttpRequest, pk: int, perm: str = "workinggroups.view_workinggroup") -> WorkingGroup:
    return get_object_or_404_unless_permitted(
        request.user, WorkingGroup.objects.select_related("alliance"), perm, pk=pk
    )


def meeting_or_404(request: HttpRequest, pk: int, perm: str = "workinggroups.view_meeting") -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("group__alliance"), pk=pk)
    if not request.user.has_perm(perm, meeting):
        raise Http404
    return meeting


def ballot_or_404(request: HttpRequest, pk: int, perm: str = "workinggroups.view_ballot") -> Ballot:
    ballot = get_object_or_404(Ballot.objects.select_related("group__alliance", "meeting"), pk=pk)
    if not request.user.has_perm(perm, ballot):
        raise Http404
    return ballot


def sees_everything(user: User) -> bool:
    """Staff who see every group and ballot: the secretariat and whoever may export the member register."""
    return user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register")


def shown_as_refusal(action: Callable[[], Any]) -> Callable[[], Any]:
    """`action` for `common.views.perform`, with a service's `PermissionDenied` shown as its message too.

    The voting services refuse a vote or proxy the person may not give with PermissionDenied (the page itself
    was allowed); the person reads why, as for any other refusal, and stays on the ballot's page.
    """

    def run() -> Any:
        try:
            return action()
        except PermissionDenied as error:
            raise ValidationError(str(error) or _("Not allowed.")) from error

    return run
