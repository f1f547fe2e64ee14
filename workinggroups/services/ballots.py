"""Ballots: creation, opening (the eligible set is fixed then), closing (the result is frozen), the scheduler.

Votes are cast in `services/votes.py`, proxies given in `services/proxies.py`; the chain that seals the votes is
`workinggroups/vote_chain.py` and the quorum and majority arithmetic the pure `workinggroups/tally.py`.
"""

import logging
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from notifications.services import queue_email
from workinggroups import selectors
from workinggroups.models import AnonymousChoice, Ballot, EligibleOrganisation, Meeting, RosterEntry, WorkingGroup
from workinggroups.signals import ballot_closed
from workinggroups.tally import Result, tally
from workinggroups.vote_chain import ChainBrokenError, report_broken_chain, verify_chain

logger = logging.getLogger(__name__)


def default_options(kind: str) -> list[str]:
    if kind == Ballot.Kind.MOTION:
        return [Ballot.YES, Ballot.NO, Ballot.ABSTAIN]
    return []


def _options_of(kind: str, options: list[str] | None) -> list[str]:
    if kind == Ballot.Kind.MOTION:
        return default_options(kind)
    cleaned = [option.strip() for option in (options or []) if option and option.strip()]
    if len(set(cleaned)) != len(cleaned) or len(cleaned) < 2:
        raise ValidationError(_("A choice needs at least two different options."))
    if Ballot.ABSTAIN not in cleaned:
        cleaned.append(Ballot.ABSTAIN)
    return cleaned


@transaction.atomic
def create_ballot(
    *,
    group: WorkingGroup,
    by: User,
    question: str,
    closes_at: datetime,
    kind: str = Ballot.Kind.MOTION,
    options: list[str] | None = None,
    description: str = "",
    opens_at: datetime | None = None,
    quorum_percent: int = 50,
    majority: str = Ballot.Majority.SIMPLE,
    majority_base: str = Ballot.MajorityBase.CAST,
    is_secret: bool = False,
    meeting: Meeting | None = None,
) -> Ballot:
    require(by, "workinggroups.manage_ballot", group)
    now = timezone.now()
    opens_at = opens_at or now
    options = _options_of(kind, options)
    if closes_at <= opens_at or closes_at <= now:
        raise ValidationError(_("The ballot must close in the future, after it opens."))
    if not 0 <= quorum_percent <= 100:
        raise ValidationError(_("The quorum is a percentage between 0 and 100."))
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationError(_("The meeting belongs to another group."))
    ballot = Ballot.objects.create(
        group=group,
        meeting=meeting,
        question=question,
        description=description,
        kind=kind,
        options=options,
        opens_at=opens_at,
        closes_at=closes_at,
        quorum_percent=quorum_percent,
        majority=majority,
        majority_base=majority_base,
        is_secret=is_secret,
        salt=secrets.token_hex(16),
        created_by=by,
    )
    record(actor=by, action="ballot.created", target=ballot, to_state=Ballot.State.SCHEDULED)
    logger.info("Group %s: ballot %s created", group.pk, ballot.pk)
    if opens_at <= now:
        ballot = open_ballot(ballot=ballot, by=by)
    return ballot


@transaction.atomic
def open_ballot(*, ballot: Ballot, by: User | None = None) -> Ballot:
    """Open the ballot and fix, once and for all, the organisations with a vote in it.

    An organisation is eligible if its membership is active and one of its named representatives holds a
    voting role on the roster. The eligible set, and so the base of the quorum, stays as fixed here: an
    organisation suspended later keeps its place in the base (and cannot vote); one admitted later has no vote
    in this ballot.

    Without `by`, it is the rule fixed when the ballot was created: its opening time (the beat task opens what is
    due). A person opens it only with the `manage_ballot` permission (the secretariat or the group's chairs).
    """
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
    if by is not None:
        require(by, "workinggroups.manage_ballot", ballot.group)
    if ballot.state != Ballot.State.SCHEDULED:
        raise ValidationError(_("Only a scheduled ballot can open."))
    organisation_ids = set(
        selectors.voting_entries().filter(group=ballot.group).order_by().values_list("organisation_id", flat=True)
    )
    EligibleOrganisation.objects.bulk_create(
        [EligibleOrganisation(ballot=ballot, organisation_id=pk) for pk in sorted(organisation_ids)]
    )
    ballot.state = Ballot.State.OPEN
    ballot.opened_at = timezone.now()
    ballot.eligible_count = len(organisation_ids)
    ballot.save(update_fields=["state", "opened_at", "eligible_count"])
    record(
        actor=by,
        action="ballot.opened",
        target=ballot,
        from_state=Ballot.State.SCHEDULED,
        to_state=Ballot.State.OPEN,
        data={"eligible": sorted(organisation_ids)},
    )
    logger.info("Ballot %s opened with %s eligible organisations", ballot.pk, len(organisation_ids))
    voters = selectors.voting_entries().filter(group=ballot.group).select_related("user")
    for entry in voters:
        queue_email(
            key=f"ballot:{ballot.pk}:opened:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/ballot_opened",
            context={"ballot": ballot, "entry": entry},
        )
    return ballot


def lock_open_ballot(ballot: Ballot) -> Ballot:
    """The ballot, locked for the transaction; refused unless it still accepts votes and proxies."""
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
    if ballot.state != Ballot.State.OPEN or timezone.now() >= ballot.closes_at:
        logger.warning("Ballot %s: a write after closing was refused", ballot.pk)
        raise ValidationError(_("This ballot is closed: it accepts nothing more."))
    return ballot


def _tally(ballot: Ballot, *, counts: dict[str, int], participants: int) -> Result:
    return tally(
        kind=ballot.kind,
        options=ballot.options,
        counts=counts,
        eligible=ballot.eligible_count or 0,
        participants=participants,
        quorum_percent=ballot.quorum_percent,
        majority=ballot.majority,
        majority_base=ballot.majority_base,
    )


def result_of(ballot: Ballot) -> Result:
    """The frozen result of a closed ballot, or the running one (for the secretariat) of an open one."""
    if ballot.is_closed:
        return _tally(ballot, counts=ballot.counts or {}, participants=ballot.participant_count or 0)
    return _tally(ballot, counts=selectors.choice_counts(ballot), participants=selectors.participant_count(ballot))


def close_ballot(*, ballot: Ballot, by: User | None = None, reason: str = "") -> Ballot:
    """Close the ballot: count, decide quorum and majority, freeze the result, publish it to the group.

    Without `by`, it is the rule fixed when the ballot opened: its closing time (the beat task closes what is
    due). A person closes a ballot only with the `close_ballot` permission (the secretariat, never a voter), and
    before its closing time only with a reason, recorded in the audit entry.

    Every vote validly cast counts, including one cast while the organisation was active by an organisation
    suspended (or whose membership ended) before closing; the quorum's base is the eligible set fixed at
    opening. A result is never frozen on a chain that fails verification: the ballot stays open, the
    secretariat is told, and the alert commits although the closing does not (see votes.cast_vote).
    """
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
        if ballot.state != Ballot.State.OPEN:
            raise ValidationError(_("Only an open ballot can close."))
        early = by is not None and timezone.now() < ballot.closes_at
        if by is not None:
            require(by, "workinggroups.close_ballot", ballot, _("Only the secretariat closes a ballot."))
            if early and not reason.strip():
                raise ValidationError(_("Give the reason for closing the ballot before its closing time."))
        check = verify_chain(ballot)
        if check.intact:
            return _freeze_result(ballot=ballot, by=by, early_reason=reason.strip() if early else "")
        report_broken_chain(ballot=ballot, check=check, by=by, attempted="close")
    raise ChainBrokenError(
        _(
            "This ballot's record of cast ballots fails its integrity check; the secretariat has been told. "
            "The ballot stays open and no result was recorded."
        )
    )


def _freeze_result(*, ballot: Ballot, by: User | None, early_reason: str = "") -> Ballot:
    counts = selectors.choice_counts(ballot)
    participants = selectors.participant_count(ballot)
    result = _tally(ballot, counts=counts, participants=participants)
    # From now on nothing links a secret choice to an organisation, not even the key.
    AnonymousChoice.objects.filter(ballot=ballot).update(key=None)
    ballot.state = Ballot.State.CLOSED
    ballot.closed_at = timezone.now()
    ballot.closed_by = by if by is not None and by.is_authenticated else None
    ballot.participant_count = participants
    ballot.counts = counts
    ballot.quorum_reached = result.quorum_reached
    ballot.carried = result.carried
    ballot.outcome = result.outcome
    ballot.winning_option = result.winning_option
    ballot.save()
    record(
        actor=by,
        action="ballot.closed",
        target=ballot,
        from_state=Ballot.State.OPEN,
        to_state=Ballot.State.CLOSED,
        data={
            "counts": counts,
            "eligible": result.eligible,
            "participants": participants,
            "quorum_reached": result.quorum_reached,
            "carried": result.carried,
            "outcome": result.outcome,
            "chain_head": ballot.chain_head,
            "closed_early": bool(early_reason),
        },
        reason=early_reason,
    )
    logger.info("Ballot %s closed: %s (%s of %s took part)", ballot.pk, result.outcome, participants, result.eligible)
    for entry in RosterEntry.objects.filter(group=ballot.group, meeting__isnull=True).select_related("user"):
        queue_email(
            key=f"ballot:{ballot.pk}:closed:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/ballot_closed",
            context={"ballot": ballot, "result": result},
        )
    # Inside the transaction that freezes the result: a receiver's writes commit or roll back with it.
    ballot_closed.send(sender=Ballot, ballot=ballot, result=result)
    return ballot


def process_due_ballots(*, now: datetime | None = None) -> tuple[int, int]:
    """Open the scheduled ballots whose time has come and close the open ones that are due (idempotent)."""
    now = now or timezone.now()
    opened = closed = 0
    for pk in Ballot.objects.filter(state=Ballot.State.SCHEDULED, opens_at__lte=now).values_list("pk", flat=True):
        try:
            open_ballot(ballot=Ballot(pk=pk))
            opened += 1
        except ValidationError:
            logger.info("Ballot %s was opened by another worker", pk)
    for pk in Ballot.objects.filter(state=Ballot.State.OPEN, closes_at__lte=now).values_list("pk", flat=True):
        try:
            close_ballot(ballot=Ballot(pk=pk))
            closed += 1
        except ChainBrokenError:
            pass  # logged as an error and reported to the secretariat by report_broken_chain
        except ValidationError:
            logger.info("Ballot %s was closed by another worker", pk)
    return opened, closed
