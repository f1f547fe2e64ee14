"""What the deliverables' views share: fetching an object the user may see (else 404)."""

from django.http import Http404, HttpRequest

from accounts.models import User
from accounts.permissions import get_object_or_404_unless_permitted
from deliverables.models import AdoptionVote, Comment, CommentRound, Deliverable, Version
from workinggroups.models import WorkingGroup


class AuthenticatedRequest(HttpRequest):
    """A request `login_required` let through: its user is a signed-in person (for the type checker)."""

    user: User


def group_or_404(request: HttpRequest, pk: int, perm: str) -> WorkingGroup:
    return get_object_or_404_unless_permitted(
        request.user, WorkingGroup.objects.select_related("alliance"), perm, pk=pk
    )


def deliverable_or_404(request: HttpRequest, pk: int, perm: str = "deliverables.view_deliverable") -> Deliverable:
    return get_object_or_404_unless_permitted(
        request.user, Deliverable.objects.select_related("group__alliance"), perm, pk=pk
    )


def version_or_404(request: HttpRequest, pk: int, perm: str = "deliverables.view_deliverable") -> Version:
    version = Version.objects.select_related("deliverable__group__alliance", "author").filter(pk=pk).first()
    if version is None or not request.user.has_perm(perm, version.deliverable):
        raise Http404
    return version


def round_or_404(request: HttpRequest, pk: int, perm: str = "deliverables.view_round") -> CommentRound:
    return get_object_or_404_unless_permitted(
        request.user, CommentRound.objects.select_related("deliverable__group__alliance", "version"), perm, pk=pk
    )


def comment_or_404(request: HttpRequest, pk: int, perm: str) -> Comment:
    comment = Comment.objects.select_related("round__deliverable__group").filter(pk=pk).first()
    if comment is None or not request.user.has_perm(perm, comment.round.deliverable):
        raise Http404
    return comment


def vote_or_404(request: HttpRequest, pk: int) -> AdoptionVote:
    vote = AdoptionVote.objects.select_related("deliverable__group", "ballot", "version").filter(pk=pk).first()
    if vote is None or not request.user.has_perm("deliverables.view_deliverable", vote.deliverable):
        raise Http404
    return vote
