"""Comment rounds: opened by the rapporteurs on a version, comments by organisation, closed, resolved."""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from deliverables import rendering
from deliverables.models import Comment, CommentRound, Deliverable, RoundInvitee, Version
from deliverables.selectors import commenting_organisation
from deliverables.services.deliverables import transition
from deliverables.services.versions import freeze
from notifications.services import queue_email
from organisations.models import Organisation, OrganisationUser
from workinggroups.models import RosterEntry

logger = logging.getLogger(__name__)


@transaction.atomic
def open_round(*, version: Version, by: User, closes_at: datetime) -> CommentRound:
    """Open a comment round on the version (which freezes it); the deliverable is then in its comment round."""
    # Locked and read afresh: two rapporteurs opening a round at once must not both see "drafting".
    deliverable = (
        Deliverable.objects.select_for_update(of=("self",)).select_related("group").get(pk=version.deliverable_id)
    )
    require(by, "deliverables.open_round", deliverable, _("Only the deliverable's rapporteurs open comment rounds."))
    if closes_at <= timezone.now():
        raise ValidationError(_("The comment round must close in the future."))
    if deliverable.state != Deliverable.State.DRAFTING:
        raise ValidationError(_("A comment round opens only while the deliverable is being drafted."))
    version = freeze(version)
    comment_round = CommentRound.objects.create(
        deliverable=deliverable, version=version, opened_by=by, closes_at=closes_at
    )
    record(
        actor=by,
        action="deliverable.round_opened",
        target=deliverable,
        data={"round": comment_round.pk, "version": version.number, "sha256": version.sha256},
    )
    transition(
        deliverable=deliverable,
        to=Deliverable.State.IN_COMMENT_ROUND,
        by=by,
        context={"round": comment_round, "version": version},
    )
    return comment_round


def _lock_round(comment_round: CommentRound) -> CommentRound:
    return (
        CommentRound.objects.select_for_update(of=("self",))
        .select_related("deliverable__group", "version")
        .get(pk=comment_round.pk)
    )


@transaction.atomic
def invite_to_round(*, comment_round: CommentRound, user: User, organisation: Organisation, by: User) -> RoundInvitee:
    """The secretariat invites a person from outside the roster to comment in this one round (never to vote)."""
    require(by, "deliverables.invite_to_round", comment_round, _("The secretariat invites people to a comment round."))
    comment_round = _lock_round(comment_round)
    if not comment_round.is_open:
        raise ValidationError(_("The comment round is closed."))
    if not OrganisationUser.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            _("%(person)s does not act for %(org)s.") % {"person": user.display_name, "org": organisation}
        )
    if RosterEntry.objects.filter(
        group_id=comment_round.deliverable.group_id, user=user, meeting__isnull=True
    ).exists():
        raise ValidationError(_("%(person)s is on the group's roster already.") % {"person": user.display_name})
    invitee, created = RoundInvitee.objects.get_or_create(
        round=comment_round, user=user, defaults={"organisation": organisation, "invited_by": by}
    )
    if not created:
        raise ValidationError(_("%(person)s is invited already.") % {"person": user.display_name})
    record(
        actor=by,
        action="deliverable.round_invitee_added",
        target=comment_round.deliverable,
        data={"round": comment_round.pk, "user": user.pk, "organisation": organisation.pk},
    )
    queue_email(
        key=f"round:{comment_round.pk}:invited:{user.pk}",
        to=[user.email],
        template="deliverables/email/round_invited",
        context={"round": comment_round, "deliverable": comment_round.deliverable, "organisation": organisation},
    )
    return invitee


@transaction.atomic
def add_comment(*, comment_round: CommentRound, by: User, text: str, paragraph: int | None = None) -> Comment:
    """A comment, as the commenter's organisation, on a numbered paragraph or (None) on the whole."""
    comment_round = _lock_round(comment_round)
    if not comment_round.accepts_comments:
        raise ValidationError(_("The comment round is closed: it accepts no more comments."))
    require(by, "deliverables.comment", comment_round, _("Only the group's roster and invitees comment."))
    organisation = commenting_organisation(by, comment_round)
    if organisation is None:
        logger.warning("Refused a comment by user %s in round %s: not on the roster", by.pk, comment_round.pk)
        raise PermissionDenied(_("Only the group's roster and invitees comment."))
    if not (text or "").strip():
        raise ValidationError(_("Write the comment."))
    version = comment_round.version
    if paragraph is not None and not version.is_pdf:
        count = rendering.paragraph_count(version.text)
        if not 1 <= paragraph <= count:
            raise ValidationError(
                _("There is no paragraph %(number)s: the version has %(count)s.")
                % {"number": paragraph, "count": count}
            )
    comment = Comment.objects.create(
        round=comment_round, organisation=organisation, author=by, paragraph=paragraph, text=text.strip()
    )
    record(
        actor=by,
        action="deliverable.commented",
        target=comment_round.deliverable,
        data={
            "round": comment_round.pk,
            "comment": comment.pk,
            "organisation": organisation.pk,
            "paragraph": paragraph,
        },
    )
    return comment


@transaction.atomic
def close_round(*, comment_round: CommentRound, by: User | None = None) -> CommentRound:
    """Close the round (early by a rapporteur or the secretariat; at its time by the scheduler, `by=None`).

    The deliverable goes back to drafting, and the rapporteurs are asked to resolve each comment.
    """
    comment_round = _lock_round(comment_round)
    if not comment_round.is_open:
        raise ValidationError(_("The comment round is closed already."))
    if by is not None:
        require(
            by, "deliverables.close_round", comment_round, _("Only the rapporteurs or the secretariat close a round.")
        )
    comment_round.state = CommentRound.State.CLOSED
    comment_round.closed_at = timezone.now()
    comment_round.save(update_fields=["state", "closed_at"])
    record(
        actor=by,
        action="deliverable.round_closed",
        target=comment_round.deliverable,
        data={"round": comment_round.pk, "comments": comment_round.comments.count()},
    )
    transition(
        deliverable=comment_round.deliverable,
        to=Deliverable.State.DRAFTING,
        by=by,
        context={"round": comment_round},
    )
    return comment_round


@transaction.atomic
def resolve_comment(*, comment: Comment, by: User, resolution: str, reply: str) -> Comment:
    """The rapporteurs' answer to a comment (accepted, accepted in part, not accepted), after the round closed."""
    comment = Comment.objects.select_for_update(of=("self",)).select_related("round__deliverable").get(pk=comment.pk)
    deliverable = comment.round.deliverable
    require(by, "deliverables.resolve_comment", deliverable, _("Only the deliverable's rapporteurs resolve comments."))
    if comment.round.is_open:
        raise ValidationError(_("Comments are resolved once the round has closed."))
    if deliverable.is_adopted:
        raise ValidationError(_("The deliverable is adopted: its resolution table is part of the record."))
    if resolution not in Comment.Resolution.values:
        raise ValidationError(_("Choose accepted, accepted in part or not accepted."))
    if not (reply or "").strip():
        raise ValidationError(_("Reply to the comment: say what was done with it."))
    previous = comment.resolution
    comment.resolution = resolution
    comment.reply = reply.strip()
    comment.resolved_by = by
    comment.resolved_at = timezone.now()
    comment.save(update_fields=["resolution", "reply", "resolved_by", "resolved_at"])
    record(
        actor=by,
        action="deliverable.comment_resolved",
        target=deliverable,
        from_state=previous,
        to_state=resolution,
        data={"round": comment.round_id, "comment": comment.pk},
    )
    return comment


def process_due_rounds(*, now: datetime | None = None) -> int:
    """Close the open rounds whose time has come (idempotent: a round closed by another worker is skipped)."""
    now = now or timezone.now()
    closed = 0
    for pk in CommentRound.objects.filter(state=CommentRound.State.OPEN, closes_at__lte=now).values_list(
        "pk", flat=True
    ):
        try:
            close_round(comment_round=CommentRound(pk=pk))
            closed += 1
        except ValidationError:
            pass  # closed by another worker
    return closed
