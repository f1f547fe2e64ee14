"""Casting a vote: one ballot per organisation, changeable until closing, directly or as its proxy holder."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from memberships import voting
from organisations.models import Organisation
from workinggroups import selectors
from workinggroups.models import AnonymousChoice, Ballot, CastBallot, EligibleOrganisation
from workinggroups.services.ballots import lock_open_ballot
from workinggroups.vote_chain import (
    ChainBrokenError,
    anchor_data,
    anonymous_key,
    anonymous_keys,
    rechain,
    report_broken_chain,
    verify_chain,
)

logger = logging.getLogger(__name__)


def cast_vote(*, ballot: Ballot, organisation: Organisation, choice: str, by: User) -> CastBallot:
    """Cast (or change, until closing) the organisation's one ballot, directly or as its proxy holder.

    The chain is verified under the ballot's row lock before anything is written: re-chaining on top of a row
    altered in the database would make the alteration verify. A broken chain refuses the vote, and the alert
    (audit entry, e-mail to the secretariat) commits although the vote does not; so this is not one atomic
    block, and callers must not wrap it in a transaction that they roll back on the refusal.

    The declared policy (`workinggroups.vote`) admits the group's voters; which organisation they may vote for
    (their own, or one whose proxy they hold, eligible and active) is then the ballot's own record.
    """
    with transaction.atomic():
        ballot = lock_open_ballot(ballot)
        require(by, "workinggroups.vote", ballot, _("Only the member representatives of the working group vote."))
        proxy_holder_id = _check_vote(ballot=ballot, organisation=organisation, choice=choice, by=by)
        check = verify_chain(ballot)
        if check.intact:
            return _write_vote(
                ballot=ballot, organisation=organisation, choice=choice, by=by, proxy_holder_id=proxy_holder_id
            )
        report_broken_chain(ballot=ballot, check=check, by=by, attempted="vote", organisation=organisation)
    raise ChainBrokenError(
        _(
            "This ballot's record of cast ballots fails its integrity check; the secretariat has been told. "
            "Nothing was recorded."
        )
    )


def _refuse(ballot: Ballot, organisation: Organisation, by: User, message: str) -> PermissionDenied:
    logger.warning("Ballot %s: user %s refused a vote for organisation %s", ballot.pk, by.pk, organisation.pk)
    return PermissionDenied(message)


def _check_vote(*, ballot: Ballot, organisation: Organisation, choice: str, by: User) -> int | None:
    """Refuse a vote the person may not cast; return the proxy holder it is cast as, if any."""
    if choice not in ballot.options:
        raise ValidationError(_("Choose one of the ballot's options."))
    if not EligibleOrganisation.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise _refuse(ballot, organisation, by, _("%(org)s has no vote in this ballot.") % {"org": organisation})
    if not voting.has_voting_rights(organisation_id=organisation.pk, alliance_id=ballot.group.alliance_id):
        raise _refuse(
            ballot, organisation, by, _("%(org)s's membership is not active: it cannot vote.") % {"org": organisation}
        )
    allowed = dict(selectors.votable_organisations(ballot, by))
    if organisation.pk not in allowed:
        raise _refuse(
            ballot, organisation, by, _("You cannot vote for %(org)s in this ballot.") % {"org": organisation}
        )
    return allowed[organisation.pk]


def _write_vote(
    *, ballot: Ballot, organisation: Organisation, choice: str, by: User, proxy_holder_id: int | None
) -> CastBallot:
    now = timezone.now()
    existing = CastBallot.objects.filter(ballot=ballot, organisation=organisation).first()
    stored_choice = "" if ballot.is_secret else choice
    if existing is None:
        position = (CastBallot.objects.filter(ballot=ballot).aggregate(m=Max("position"))["m"] or 0) + 1
        cast = CastBallot.objects.create(
            ballot=ballot,
            organisation=organisation,
            cast_by=by,
            proxy_holder_id=proxy_holder_id,
            choice=stored_choice,
            position=position,
            cast_at=now,
            previous_hash="",
            entry_hash="",
        )
    else:
        cast = existing
        cast.cast_by = by
        cast.proxy_holder_id = proxy_holder_id
        cast.choice = stored_choice
        cast.revision += 1
        cast.cast_at = now
        cast.save(update_fields=["cast_by", "proxy_holder", "choice", "revision", "cast_at"])
    if ballot.is_secret:
        # A changed vote replaces the sealed choice, never adds one: the row is found under the current key
        # or a previous one (the seal key rotated while the ballot was open) and moves to the current key.
        key = anonymous_key(ballot, organisation.pk)
        updated = AnonymousChoice.objects.filter(ballot=ballot, key__in=anonymous_keys(ballot, organisation.pk)).update(
            choice=choice, key=key
        )
        if not updated:
            AnonymousChoice.objects.create(ballot=ballot, key=key, choice=choice, previous_hash="", entry_hash="")
    rechain(ballot)
    # The new chain heads go into the append-only trail: whoever rewrites the rows and the ballot's head in
    # the database cannot rewrite this, and verify_chain compares the two. A secret ballot's choices are
    # anchored by a keyed seal, not their head (see vote_chain.choice_chain_seal).
    record(
        actor=by,
        action="ballot.vote_changed" if existing else "ballot.vote_cast",
        target=ballot,
        data={
            "organisation": organisation.pk,
            "proxy_holder": proxy_holder_id,
            "revision": cast.revision,
            **anchor_data(ballot, choice=choice),
        },
    )
    return cast
