"""Proposals for new working groups: members propose, the Commission decides (approval creates the group)."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from accounts.roles import ADMINISTRATOR, DECISION_MAKER
from alliances.models import Alliance
from audit.services import record
from memberships import voting
from notifications.recipients import emails_in_role
from notifications.services import queue_email
from organisations.models import Organisation, OrganisationUser
from workinggroups.models import GroupProposal, WorkingGroup

logger = logging.getLogger(__name__)


def _decider_emails() -> list[str]:
    """Decision makers and administrators, each address once."""
    return list(dict.fromkeys(emails_in_role(DECISION_MAKER) + emails_in_role(ADMINISTRATOR)))


@transaction.atomic
def propose_group(
    *, alliance: Alliance, organisation: Organisation, by: User, name: str, mandate: str, rationale: str
) -> GroupProposal:
    require(by, "workinggroups.propose_group", None, _("Member organisations propose working groups."))
    acts_for = OrganisationUser.objects.filter(organisation=organisation, user=by).exists()
    if not acts_for or not voting.has_voting_rights(organisation_id=organisation.pk, alliance_id=alliance.pk):
        logger.warning("Alliance %s: user %s refused proposing a group for %s", alliance.pk, by.pk, organisation.pk)
        raise PermissionDenied(_("Member organisations propose working groups."))
    proposal = GroupProposal.objects.create(
        alliance=alliance, organisation=organisation, proposed_by=by, name=name, mandate=mandate, rationale=rationale
    )
    record(actor=by, action="proposal.submitted", target=proposal, to_state=GroupProposal.State.PENDING)
    queue_email(
        key=f"proposal:{proposal.pk}:submitted",
        to=_decider_emails(),
        template="workinggroups/email/proposal_submitted",
        context={"proposal": proposal},
    )
    logger.info("Alliance %s: group proposal %s submitted", alliance.pk, proposal.pk)
    return proposal


def _free_slug(alliance: Alliance, name: str) -> str:
    base = slugify(name)[:40] or "group"
    slug, n = base, 1
    while WorkingGroup.objects.filter(alliance=alliance, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def decide_proposal(*, proposal: GroupProposal, approve: bool, by: User, reason: str) -> GroupProposal:
    require(by, "workinggroups.decide_proposal", proposal)
    proposal = (
        GroupProposal.objects.select_for_update(of=("self",))
        .select_related("alliance", "proposed_by")
        .get(pk=proposal.pk)
    )
    if proposal.state != GroupProposal.State.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    if approve:
        proposal.group = WorkingGroup.objects.create(
            alliance=proposal.alliance,
            slug=_free_slug(proposal.alliance, proposal.name),
            name=proposal.name,
            mandate=proposal.mandate,
        )
        record(actor=by, action="workinggroup.created", target=proposal.group, data={"proposal": proposal.pk})
    proposal.state = GroupProposal.State.APPROVED if approve else GroupProposal.State.DECLINED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_reason = reason.strip()
    proposal.save()
    record(
        actor=by,
        action="proposal.decided",
        target=proposal,
        from_state=GroupProposal.State.PENDING,
        to_state=proposal.state,
        reason=proposal.decision_reason,
    )
    queue_email(
        key=f"proposal:{proposal.pk}:decided",
        to=[proposal.proposed_by.email],
        template="workinggroups/email/proposal_decided",
        context={"proposal": proposal},
    )
    logger.info("Group proposal %s %s", proposal.pk, proposal.state)
    return proposal
