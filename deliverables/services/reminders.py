"""Reminders, once each: a comment round or a ballot closing within 48 hours reminds who has not taken part.

The e-mail key names the round (or ballot) and the person, so the hourly beat task sends each reminder once.
"""

import logging
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from deliverables.models import Comment, CommentRound
from deliverables.selectors import organisations_yet_to_comment
from notifications.services import queue_email
from workinggroups.models import Ballot, CastBallot, EligibleOrganisation, Proxy
from workinggroups.selectors import voting_entries

logger = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(hours=48)


def _remind_round(comment_round: CommentRound) -> int:
    people = {entry.user for entry in organisations_yet_to_comment(comment_round)}
    commented = Comment.objects.filter(round=comment_round, organisation=OuterRef("organisation"))
    people |= {invitee.user for invitee in comment_round.invitees.filter(~Exists(commented)).select_related("user")}
    sent = 0
    for person in people:
        sent += bool(
            queue_email(
                key=f"round:{comment_round.pk}:reminder:{person.pk}",
                to=[person.email],
                template="deliverables/email/round_reminder",
                context={"round": comment_round, "deliverable": comment_round.deliverable, "person": person},
            )
        )
    return sent


def _remind_ballot(ballot: Ballot) -> int:
    not_yet = (
        voting_entries()
        .filter(group_id=ballot.group_id)
        .filter(Exists(EligibleOrganisation.objects.filter(ballot=ballot, organisation=OuterRef("organisation"))))
        .exclude(Exists(CastBallot.objects.filter(ballot=ballot, organisation=OuterRef("organisation"))))
        .exclude(Exists(Proxy.objects.filter(ballot=ballot, organisation=OuterRef("organisation"))))
        .select_related("user")
    )
    sent = 0
    for entry in not_yet:
        sent += bool(
            queue_email(
                key=f"ballot:{ballot.pk}:closing-reminder:{entry.user_id}",
                to=[entry.user.email],
                template="deliverables/email/ballot_reminder",
                context={"ballot": ballot, "organisation": entry.organisation},
            )
        )
    return sent


def send_closing_reminders(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind, once, whoever has not commented in a round, or voted in a ballot, that closes within 48 hours."""
    now = now or timezone.now()
    soon = now + REMIND_BEFORE
    rounds = CommentRound.objects.filter(
        state=CommentRound.State.OPEN, closes_at__gt=now, closes_at__lte=soon
    ).select_related("deliverable", "version")
    ballots = Ballot.objects.filter(state=Ballot.State.OPEN, closes_at__gt=now, closes_at__lte=soon).select_related(
        "group"
    )
    round_reminders = sum(_remind_round(comment_round) for comment_round in rounds)
    ballot_reminders = sum(_remind_ballot(ballot) for ballot in ballots)
    if round_reminders or ballot_reminders:
        logger.info("Closing reminders queued: %s for rounds, %s for ballots", round_reminders, ballot_reminders)
    return round_reminders, ballot_reminders
