"""How a ballot's votes are sealed and verified: the SHA-256 chains, their anchors in the audit trail, the alarm.

Every cast ballot is chained to the previous one; the choices of a secret ballot chain apart (they carry no
organisation). After each vote the chain heads go into the append-only audit trail (a secret ballot's as a keyed
seal), so that rows and heads rewritten together in the database still fail verification. A write that meets a
broken chain is refused by its caller, and `report_broken_chain` records it and tells the secretariat.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import SECRETARIAT
from audit.services import record
from notifications.recipients import emails_in_role
from notifications.services import queue_email
from organisations.models import Organisation
from workinggroups import selectors
from workinggroups.models import AnonymousChoice, Ballot, CastBallot

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
CHAIN_BROKEN = "ballot.chain_broken"


class ChainBrokenError(ValidationError):
    """A write to a ballot's chain was refused because the chain fails verification."""


@dataclass
class ChainCheck:
    ballot: Ballot
    links: int = 0
    problems: list[str] = field(default_factory=list)
    # A digest of the state checked, so that one broken state raises one alert however often it is met.
    fingerprint: str = ""

    @property
    def intact(self) -> bool:
        return not self.problems


# ------------------------------------------------------------------------------------------------ hashing


def seal_keys() -> list[str]:
    """The current ballot seal key, then the previous ones (BALLOT_SEAL_KEY_FALLBACKS) that still verify."""
    return [settings.BALLOT_SEAL_KEY, *settings.BALLOT_SEAL_KEY_FALLBACKS]


def anonymous_key(ballot: Ballot, organisation_id: int, *, secret: str | None = None) -> str:
    """Links a secret choice to its organisation until the ballot closes (then the key is erased)."""
    message = f"{ballot.pk}:{ballot.salt}:{organisation_id}".encode()
    return hmac.new((secret or settings.BALLOT_SEAL_KEY).encode(), message, hashlib.sha256).hexdigest()


def anonymous_keys(ballot: Ballot, organisation_id: int) -> list[str]:
    """The organisation's link under the current key and under each previous one, newest first."""
    return [anonymous_key(ballot, organisation_id, secret=key) for key in seal_keys()]


def cast_hash(previous: str, cast: CastBallot) -> str:
    cast_at = cast.cast_at.astimezone(UTC).isoformat(timespec="microseconds")
    payload = "|".join(
        str(part)
        for part in (
            previous,
            cast.ballot_id,
            cast.position,
            cast.organisation_id,
            cast.proxy_holder_id or "",
            cast.cast_by_id,
            cast.choice,
            cast.revision,
            cast_at,
        )
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def choice_hash(previous: str, anonymous: AnonymousChoice) -> str:
    payload = f"{previous}|{anonymous.ballot_id}|{anonymous.pk}|{anonymous.choice}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rechain(ballot: Ballot) -> None:
    """Chain every cast ballot to the previous one (SHA-256); the choices of a secret ballot chain apart."""
    previous = GENESIS
    changed = []
    for cast in CastBallot.objects.filter(ballot=ballot).order_by("position"):
        entry = cast_hash(previous, cast)
        if (cast.previous_hash, cast.entry_hash) != (previous, entry):
            cast.previous_hash, cast.entry_hash = previous, entry
            changed.append(cast)
        previous = entry
    CastBallot.objects.bulk_update(changed, ["previous_hash", "entry_hash"])
    ballot.chain_head = previous
    previous_choice = GENESIS
    changed_choices = []
    for anonymous in AnonymousChoice.objects.filter(ballot=ballot).order_by("pk"):
        entry = choice_hash(previous_choice, anonymous)
        if (anonymous.previous_hash, anonymous.entry_hash) != (previous_choice, entry):
            anonymous.previous_hash, anonymous.entry_hash = previous_choice, entry
            changed_choices.append(anonymous)
        previous_choice = entry
    AnonymousChoice.objects.bulk_update(changed_choices, ["previous_hash", "entry_hash"])
    ballot.choice_chain_head = previous_choice
    ballot.save(update_fields=["chain_head", "choice_chain_head"])


# ---------------------------------------------------------------------------------------------- anchoring


def choice_chain_seal(ballot: Ballot, head: str, *, secret: str | bytes | None = None) -> str:
    """A keyed digest of a secret ballot's chain of choices, recorded with each organisation's vote.

    Not the head itself: from a series of heads, each beside the organisation that voted, anyone who reads the
    database could replay the chain over subsets of the anonymous choices and so tell who chose what. Without
    the key the seal neither reveals that nor can be forged.
    """
    return salted_hmac(
        "workinggroups.choice_chain",
        f"{ballot.pk}:{head}",
        secret=secret or settings.BALLOT_SEAL_KEY,
        algorithm="sha256",
    ).hexdigest()


def anchor_data(ballot: Ballot, *, choice: str) -> dict[str, str]:
    """What the audit entry of a vote records so that the chain heads can be checked later."""
    if ballot.is_secret:
        return {
            "chain_head": ballot.chain_head,
            "choice_chain_seal": choice_chain_seal(ballot, ballot.choice_chain_head),
        }
    return {"chain_head": ballot.chain_head, "choice": choice}


def _seal_matches(ballot: Ballot, seal: str) -> bool:
    # The keys in BALLOT_SEAL_KEY_FALLBACKS still verify the seals made before the seal key was rotated.
    return any(
        constant_time_compare(seal, choice_chain_seal(ballot, ballot.choice_chain_head, secret=key))
        for key in seal_keys()
    )


# ------------------------------------------------------------------------------------------- verification


def _check_cast_chain(ballot: Ballot, check: ChainCheck, state: list[str]) -> None:
    previous = GENESIS
    for cast in CastBallot.objects.filter(ballot=ballot).order_by("position"):
        check.links += 1
        if cast.previous_hash != previous:
            check.problems.append(_("Cast ballot #%(n)s does not follow the previous one.") % {"n": cast.position})
        entry = cast_hash(previous, cast)
        state.append(f"{cast.pk}:{cast.previous_hash}:{cast.entry_hash}:{entry}")
        if cast.entry_hash != entry:
            check.problems.append(_("Cast ballot #%(n)s was altered after it was cast.") % {"n": cast.position})
        previous = cast.entry_hash
    if check.links and ballot.chain_head != previous:
        check.problems.append(_("The chain does not end where it ended when the last ballot was cast."))
    if not check.links and ballot.chain_head not in ("", GENESIS):
        check.problems.append(_("Cast ballots were removed."))


def _check_choice_chain(ballot: Ballot, check: ChainCheck, state: list[str]) -> None:
    previous = GENESIS
    choices = 0
    for anonymous in AnonymousChoice.objects.filter(ballot=ballot).order_by("pk"):
        choices += 1
        entry = choice_hash(previous, anonymous)
        state.append(f"{anonymous.pk}:{anonymous.previous_hash}:{anonymous.entry_hash}:{entry}")
        if anonymous.previous_hash != previous or anonymous.entry_hash != entry:
            check.problems.append(_("A secret choice was altered after it was cast."))
        previous = anonymous.entry_hash
    if choices and ballot.choice_chain_head != previous:
        check.problems.append(_("The chain of secret choices was cut."))
    expected_choices = check.links if ballot.is_secret else 0
    if choices != expected_choices:
        check.problems.append(_("The number of secret choices does not match the number of cast ballots."))


def _check_anchor(ballot: Ballot, check: ChainCheck) -> None:
    anchor = selectors.vote_anchor(ballot)
    if anchor is None:
        if check.links:
            check.problems.append(_("The audit trail records no vote in this ballot, yet cast ballots exist."))
        return
    if "chain_head" not in anchor:
        # Votes recorded before the trail held the chain heads have nothing to compare with; once a vote
        # has recorded them, a later vote without them was written by something other than the portal.
        if selectors.has_anchored_votes(ballot):
            check.problems.append(_("The audit trail's record of the latest vote does not hold the chain head."))
        return
    if anchor["chain_head"] != ballot.chain_head:
        check.problems.append(
            _("The chain does not end where the audit trail recorded it after the latest vote: it was rewritten.")
        )
    if ballot.is_secret and not _seal_matches(ballot, anchor.get("choice_chain_seal") or ""):
        check.problems.append(
            _("The chain of secret choices does not end where the audit trail recorded it: it was rewritten.")
        )


def verify_chain(ballot: Ballot) -> ChainCheck:
    """Recompute the ballot's chains from its rows; any altered, inserted or deleted row shows.

    The rows and the ballot's chain heads could all be rewritten consistently by someone with write access to
    the database, so the heads are also compared with those the append-only audit trail recorded with the
    latest vote. A fixed number of queries, whatever the number of rows.
    """
    check = ChainCheck(ballot=ballot)
    state = [str(ballot.pk), ballot.chain_head, ballot.choice_chain_head]
    _check_cast_chain(ballot, check, state)
    _check_choice_chain(ballot, check, state)
    _check_anchor(ballot, check)
    if ballot.is_closed and ballot.counts is not None and selectors.choice_counts(ballot) != ballot.counts:
        check.problems.append(_("The votes no longer add up to the published result."))
    check.fingerprint = hashlib.sha256("|".join(state).encode("utf-8")).hexdigest()
    return check


# -------------------------------------------------------------------------------------------------- alarm


def report_broken_chain(
    *,
    ballot: Ballot,
    check: ChainCheck,
    by: User | None,
    attempted: str,
    organisation: Organisation | None = None,
) -> None:
    """Record in the audit trail, and tell the secretariat, that a write met a broken chain.

    Called under the ballot's row lock in a block that commits. Every person's refused attempt is recorded;
    the scheduler, which retries every minute, is recorded once per broken state. The secretariat gets one
    e-mail per broken state.
    """
    logger.error(
        "Ballot %s: the vote chain fails verification (%s refused): %s",
        ballot.pk,
        attempted,
        "; ".join(str(problem) for problem in check.problems),
    )
    person = by is not None and by.is_authenticated
    if not person:
        last = (
            selectors.ballot_audit_entries(ballot, [CHAIN_BROKEN])
            .order_by("-pk")
            .values_list("data", flat=True)
            .first()
        )
        if last is not None and last.get("fingerprint") == check.fingerprint:
            return
    record(
        actor=by,
        action=CHAIN_BROKEN,
        target=ballot,
        reason=_("A vote was refused: the chain of cast ballots fails verification.")
        if attempted == "vote"
        else _("Closing was refused: the chain of cast ballots fails verification."),
        data={
            "attempted": attempted,
            "organisation": organisation.pk if organisation is not None else None,
            "problems": [str(problem) for problem in check.problems],
            "chain_head": ballot.chain_head,
            "fingerprint": check.fingerprint,
        },
    )
    queue_email(
        key=f"ballot:{ballot.pk}:chain_broken:{check.fingerprint}",
        to=emails_in_role(SECRETARIAT),
        template="workinggroups/email/chain_broken",
        context={"ballot": ballot, "check": check, "attempted": attempted},
    )
