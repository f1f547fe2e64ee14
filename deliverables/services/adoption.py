"""Adoption: the chairs put a version to the group's vote with an ordinary ballot; the result decides.

The ballot is the working groups' (one vote per member organisation, proxies, quorum and majority fixed
when it opens); `AdoptionVote` links it to the version. When the ballot's result is frozen, the receiver of
`workinggroups.signals.ballot_closed` calls `record_ballot_result`, inside the transaction that closes it.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from deliverables import rendering
from deliverables.models import AdoptionVote, CommentRound, Deliverable, MinorityStatement, Version
from deliverables.selectors import round_comments, statements_against
from deliverables.services.deliverables import transition
from deliverables.services.versions import freeze
from documents.pdf import render_pdf, sha256_hex
from organisations.models import Organisation
from workinggroups.models import Ballot, CastBallot, Meeting
from workinggroups.selectors import represented_organisation_ids
from workinggroups.services import create_ballot, result_of
from workinggroups.tally import Result

logger = logging.getLogger(__name__)


@transaction.atomic
def put_to_vote(
    *,
    version: Version,
    by: User,
    closes_at: datetime,
    quorum_percent: int = 50,
    majority: str = Ballot.Majority.SIMPLE,
    majority_base: str = Ballot.MajorityBase.CAST,
    meeting: Meeting | None = None,
) -> AdoptionVote:
    """Open the group's ballot on adopting this version (named, so that those against may add a statement)."""
    deliverable = (
        Deliverable.objects.select_for_update(of=("self",)).select_related("group").get(pk=version.deliverable_id)
    )
    require(by, "deliverables.put_to_vote", deliverable, _("The chairs put a deliverable to the group's vote."))
    if deliverable.state != Deliverable.State.DRAFTING:
        raise ValidationError(_("Only a deliverable being drafted is put to the vote."))
    if CommentRound.objects.filter(deliverable=deliverable, state=CommentRound.State.OPEN).exists():
        raise ValidationError(_("Close the comment round before the vote."))
    version = freeze(version)
    ballot = create_ballot(
        group=deliverable.group,
        by=by,
        question=_("Adopt “%(title)s”, version %(number)s?") % {"title": deliverable.title, "number": version.number},
        description=_("The text put to the vote: %(url)s\nIts SHA-256: %(sha)s")
        % {"url": f"{settings.SITE_URL}{version.get_absolute_url()}", "sha": version.sha256},
        closes_at=closes_at,
        quorum_percent=quorum_percent,
        majority=majority,
        majority_base=majority_base,
        is_secret=False,
        meeting=meeting,
    )
    vote = AdoptionVote.objects.create(deliverable=deliverable, version=version, ballot=ballot, put_by=by)
    record(
        actor=by,
        action="deliverable.put_to_vote",
        target=deliverable,
        data={"version": version.number, "sha256": version.sha256, "ballot": ballot.pk},
    )
    transition(deliverable=deliverable, to=Deliverable.State.PUT_TO_VOTE, by=by)
    return vote


@transaction.atomic
def add_minority_statement(*, vote: AdoptionVote, organisation: Organisation, by: User, text: str) -> MinorityStatement:
    """An organisation that voted against adds (or rewrites) its minority statement while the ballot is open.

    Only statements of organisations whose final choice is against are published (see selectors).
    """
    require(
        by,
        "deliverables.add_minority_statement",
        vote,
        _("Only the member representatives of the working group write minority statements."),
    )
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group").get(pk=vote.ballot_id)
    if not ballot.is_open or ballot.is_closing:
        raise ValidationError(_("The ballot is closed: minority statements are added while it is open."))
    if organisation.pk not in represented_organisation_ids(by, ballot.group):
        raise PermissionDenied(_("You do not vote for %(org)s in this group.") % {"org": organisation})
    if not CastBallot.objects.filter(ballot=ballot, organisation=organisation, choice=Ballot.NO).exists():
        raise ValidationError(_("A minority statement is for an organisation that voted against."))
    if not (text or "").strip():
        raise ValidationError(_("Write the statement."))
    statement, created = MinorityStatement.objects.update_or_create(
        vote=vote, organisation=organisation, defaults={"text": text.strip(), "author": by}
    )
    record(
        actor=by,
        action="deliverable.minority_statement_added",
        target=vote.deliverable,
        data={"ballot": ballot.pk, "organisation": organisation.pk, "new": created},
    )
    return statement


def record_ballot_result(*, ballot: Ballot, result: Result) -> Deliverable | None:
    """React to a frozen ballot result: adopt the version if carried, else back to drafting. Not ours: None.

    Runs inside the ballot's closing transaction: the PDF is rendered by a task after it commits.
    """
    vote = AdoptionVote.objects.select_related("deliverable", "version").filter(ballot=ballot).first()
    if vote is None:
        return None
    by = ballot.closed_by
    if result.carried:
        deliverable = transition(
            deliverable=vote.deliverable,
            to=Deliverable.State.ADOPTED,
            by=by,
            adopted_version=vote.version,
            adopted_at=ballot.closed_at or timezone.now(),
            context={"vote": vote, "ballot": ballot},
        )
        # The task renders with WeasyPrint; importing it at module top would import this module back.
        from deliverables.tasks import render_adopted_pdf  # noqa: PLC0415 - tasks import the services: a cycle at import time

        render_adopted_pdf.delay_on_commit(vote.pk)
        logger.info("Deliverable %s adopted by ballot %s", deliverable.pk, ballot.pk)
        return deliverable
    logger.info("Deliverable %s not adopted: ballot %s %s", vote.deliverable_id, ballot.pk, result.outcome)
    return transition(
        deliverable=vote.deliverable,
        to=Deliverable.State.DRAFTING,
        by=by,
        reason=str(ballot.outcome),
        context={"vote": vote, "ballot": ballot},
    )


def adopted_pdf_context(vote: AdoptionVote) -> dict:
    """What the adopted PDF shows: the text, its fingerprint, the vote result, minority statements, comments."""
    version = vote.version
    rounds = CommentRound.objects.filter(deliverable=vote.deliverable).select_related("version").order_by("opened_at")
    return {
        "deliverable": vote.deliverable,
        "version": version,
        "blocks": [] if version.is_pdf else rendering.blocks(version.text),
        "ballot": vote.ballot,
        "result": result_of(vote.ballot),
        "statements": list(statements_against(vote)),
        "rounds": [(comment_round, list(round_comments(comment_round))) for comment_round in rounds],
    }


def store_adopted_pdf(*, vote_id: int) -> AdoptionVote:
    """Render the adopted deliverable to PDF/A and record its SHA-256 (idempotent: a stored PDF stays)."""
    with transaction.atomic():
        vote = (
            AdoptionVote.objects.select_for_update(of=("self",))
            .select_related("deliverable__group__alliance", "version", "ballot")
            .get(pk=vote_id)
        )
        if vote.pdf_sha256:
            return vote
        content = render_pdf("deliverables/pdf/adopted.html", adopted_pdf_context(vote), record=True)
        vote.pdf_sha256 = sha256_hex(content)
        vote.pdf.save("adopted.pdf", ContentFile(content), save=False)
        vote.save(update_fields=["pdf", "pdf_sha256"])
        record(
            actor=None,
            action="deliverable.adopted_pdf_stored",
            target=vote.deliverable,
            data={"vote": vote.pk, "pdf_sha256": vote.pdf_sha256, "text_sha256": vote.version.sha256},
        )
    logger.info("Adopted PDF of deliverable %s stored (%s)", vote.deliverable_id, vote.pdf_sha256)
    return vote
