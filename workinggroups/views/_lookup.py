"""Fetching the object a working-group view acts on: 404 for anything the user may not see."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.permissions import get_object_or_404_unless_permitted
from workinggroups.models import Ballot, Meeting, WorkingGroup

PAGE = 20


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


def sees_everything(user: object) -> bool:
    """Staff who see every group and ballot: the secretariat and whoever may export the member register."""
    return user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register")
