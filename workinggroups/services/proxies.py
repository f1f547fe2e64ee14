"""Proxies: an organisation gives its vote in one ballot to another eligible member, takes it back, or loses it.

A proxy held by an organisation whose membership stops being active is voided (`receivers.py` calls
`void_proxies_held_by` when memberships announce it).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from memberships import voting
from memberships.models import Membership
from notifications.services import queue_email
from organisations.models import Organisation
from workinggroups import selectors
from workinggroups.models import Ballot, CastBallot, Proxy, RosterEntry
from workinggroups.services.ballots import lock_open_ballot

logger = logging.getLogger(__name__)


def _voters_of(ballot: Ballot, organisation: Organisation) -> QuerySet[RosterEntry]:
    return (
        selectors.voting_entries()
        .filter(group_id=ballot.group_id, organisation_id=organisation.pk)
        .select_related("user")
        .order_by("user_id")
    )


def _check_represents(ballot: Ballot, organisation: Organisation, by: User, message: str) -> None:
    if organisation.pk not in selectors.represented_organisation_ids(by, ballot.group):
        logger.warning(
            "Ballot %s: user %s refused a proxy action for organisation %s", ballot.pk, by.pk, organisation.pk
        )
        raise PermissionDenied(message % {"org": organisation})


def _check_proxy(*, ballot: Ballot, organisation: Organisation, holder: Organisation) -> None:
    eligible = selectors.eligible_organisation_ids(ballot)
    if organisation.pk not in eligible or holder.pk not in eligible:
        raise ValidationError(_("Both organisations must have a vote in this ballot."))
    if holder.pk == organisation.pk:
        raise ValidationError(_("An organisation cannot give its proxy to itself."))
    if not voting.has_voting_rights(organisation_id=holder.pk, alliance_id=ballot.group.alliance_id):
        raise ValidationError(_("%(org)s's membership is not active.") % {"org": holder})
    if CastBallot.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise ValidationError(_("%(org)s has already voted in this ballot.") % {"org": organisation})
    if Proxy.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise ValidationError(_("%(org)s has already given its proxy.") % {"org": organisation})
    if Proxy.objects.filter(ballot=ballot, organisation=holder).exists():
        raise ValidationError(_("%(org)s has given its own vote away and cannot hold a proxy.") % {"org": holder})
    if Proxy.objects.filter(ballot=ballot, holder=organisation).exists():
        raise ValidationError(_("An organisation holding another's proxy cannot give its vote away."))


@transaction.atomic
def give_proxy(*, ballot: Ballot, organisation: Organisation, holder: Organisation, by: User) -> Proxy:
    """The organisation gives its vote in this ballot to another eligible member organisation."""
    ballot = lock_open_ballot(ballot)
    require(by, "workinggroups.vote", ballot, _("Only the member representatives of the working group vote."))
    _check_represents(ballot, organisation, by, _("Only a representative of %(org)s gives its proxy."))
    _check_proxy(ballot=ballot, organisation=organisation, holder=holder)
    proxy = Proxy.objects.create(ballot=ballot, organisation=organisation, holder=holder, given_by=by)
    record(
        actor=by,
        action="ballot.proxy_given",
        target=ballot,
        data={"organisation": organisation.pk, "holder": holder.pk},
    )
    logger.info("Ballot %s: organisation %s gave its proxy to %s", ballot.pk, organisation.pk, holder.pk)
    for entry in _voters_of(ballot, holder):
        queue_email(
            key=f"ballot:{ballot.pk}:proxy:{organisation.pk}:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/proxy_given",
            context={"ballot": ballot, "organisation": organisation, "holder": holder},
        )
    return proxy


@transaction.atomic
def revoke_proxy(*, ballot: Ballot, organisation: Organisation, by: User) -> None:
    """A representative of the organisation takes back the proxy it gave, while the ballot is open.

    From then on the organisation votes itself. A vote its holder already cast for it stays as cast (it was
    valid when cast) and counts unless the organisation changes it, which it may do until the ballot closes.
    """
    ballot = lock_open_ballot(ballot)
    require(by, "workinggroups.vote", ballot, _("Only the member representatives of the working group vote."))
    _check_represents(ballot, organisation, by, _("Only a representative of %(org)s takes back its proxy."))
    proxy = Proxy.objects.filter(ballot=ballot, organisation=organisation).select_related("holder").first()
    if proxy is None:
        raise ValidationError(_("%(org)s has not given its vote in this ballot to anyone.") % {"org": organisation})
    holder, proxy_pk = proxy.holder, proxy.pk
    proxy.delete()
    record(
        actor=by,
        action="ballot.proxy_revoked",
        target=ballot,
        data={"organisation": organisation.pk, "holder": holder.pk},
    )
    logger.info("Ballot %s: organisation %s took back its proxy from %s", ballot.pk, organisation.pk, holder.pk)
    for entry in _voters_of(ballot, holder):
        queue_email(
            key=f"ballot:{ballot.pk}:proxy_revoked:{organisation.pk}:{proxy_pk}:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/proxy_revoked",
            context={"ballot": ballot, "organisation": organisation, "holder": holder},
        )


def _void(*, ballot: Ballot, proxy: Proxy, membership: Membership, by: User | None, reason: str) -> None:
    proxy_pk = proxy.pk
    proxy.delete()
    record(
        actor=by,
        action="ballot.proxy_voided",
        target=ballot,
        reason=reason,
        data={"organisation": proxy.organisation_id, "holder": proxy.holder_id, "membership": membership.pk},
    )
    logger.info(
        "Ballot %s: proxy of organisation %s held by %s voided", ballot.pk, proxy.organisation_id, proxy.holder_id
    )
    for entry in _voters_of(ballot, proxy.organisation):
        queue_email(
            key=f"ballot:{ballot.pk}:proxy_voided:{proxy.organisation_id}:{proxy_pk}:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/proxy_voided",
            context={
                "ballot": ballot,
                "organisation": proxy.organisation,
                "holder": proxy.holder,
                "membership": membership,
            },
        )


@transaction.atomic
def void_proxies_held_by(*, membership: Membership, by: User | None, reason: str = "") -> int:
    """The membership stopped being active: void the proxies its organisation holds in the open ballots.

    A holder that cannot vote would otherwise carry the delegating organisations' votes into nothing. Each
    delegating organisation votes itself again, and its voters are told. Votes the holder cast for it while
    active stay as cast (the delegating organisation may change them until closing).
    """
    ballot_ids = (
        Proxy.objects.filter(
            holder_id=membership.organisation_id,
            ballot__state=Ballot.State.OPEN,
            ballot__group__alliance_id=membership.alliance_id,
        )
        .values_list("ballot_id", flat=True)
        .distinct()
    )
    # The lock cast_vote takes: no vote goes through a proxy while it is voided. In one order: no deadlock.
    ballots = (
        Ballot.objects.select_for_update(of=("self",))
        .filter(pk__in=list(ballot_ids), state=Ballot.State.OPEN)
        .select_related("group")
        .order_by("pk")
    )
    voided = 0
    for ballot in ballots:
        for proxy in Proxy.objects.filter(ballot=ballot, holder_id=membership.organisation_id).select_related(
            "organisation", "holder"
        ):
            _void(ballot=ballot, proxy=proxy, membership=membership, by=by, reason=reason)
            voided += 1
    return voided
