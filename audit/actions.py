"""What each audit action means to a person: one registry of codes and their translated labels.

Codes are what the trail stores (stable, never translated); labels are what pages, exports and PDFs show.
An app that records a new action registers its label here, so no raw code ever reaches a user.
"""

import logging

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

LABELS: dict[str, Promise] = {
    # Organisations
    "organisation.created": _("Organisation profile created"),
    "organisation.updated": _("Organisation profile updated"),
    "organisation.invited": _("Person invited to act for the organisation"),
    "organisation.invitation_revoked": _("Invitation revoked"),
    "organisation.joined": _("Person joined the organisation"),
    # Alliances
    "criteria_version.copied": _("Eligibility criteria copied as a new draft version"),
    "terms_of_reference.copied": _("Terms of Reference copied as a new draft version"),
    # Applications
    "application.created": _("Application started"),
    "application.document_added": _("Supporting document added"),
    "application.document_removed": _("Supporting document removed"),
    "application.state_changed": _("Application status changed"),
    # Declarations
    "declaration.signed": _("Declaration signed"),
    "declaration.pdf_stored": _("Signed Declaration PDF stored"),
    "declaration.anchored": _("Declaration fingerprints recorded"),
    "declaration.published": _("New Declaration version published"),
    # Reviews
    "review.assigned": _("Reviewer assigned"),
    "review.balanced": _("Reviewers assigned by balancing"),
    "review.conflict_declared": _("Conflict of interest declared"),
    "review.no_conflict_declared": _("No conflict of interest declared"),
    "review.submitted": _("Review submitted"),
    "review.clarification_requested": _("Clarification requested"),
    "review.clarification_answered": _("Clarification answered"),
    "review.decided": _("Decision recorded"),
    "review.decision_letter_rendered": _("Decision letter issued"),
    # Memberships
    "membership.admitted": _("Admitted as a member"),
    "membership.active": _("Membership reinstated"),
    "membership.suspended": _("Membership suspended"),
    "membership.ended": _("Membership ended"),
    "membership.representative_named": _("Member representative named"),
    "membership.representative_removed": _("Member representative removed"),
    # Working groups
    "workinggroup.created": _("Working group created"),
    "workinggroup.join_requested": _("Request to join the working group"),
    "workinggroup.join_decided": _("Request to join decided"),
    "workinggroup.roster_added": _("Added to the roster"),
    "workinggroup.roster_changed": _("Role on the roster changed"),
    "workinggroup.roster_removed": _("Removed from the roster"),
    "proposal.submitted": _("Working group proposed"),
    "proposal.decided": _("Working group proposal decided"),
    # Meetings
    "meeting.scheduled": _("Meeting scheduled"),
    "meeting.changed": _("Meeting changed"),
    "meeting.cancelled": _("Meeting cancelled"),
    "meeting.invitations_sent": _("Meeting invitations sent"),
    "meeting.attendance_recorded": _("Attendance recorded"),
    "meeting.minutes_saved": _("Minutes saved"),
    "meeting.answered": _("Answered a meeting invitation"),
    "meeting.minutes_drafted": _("Minutes drafted from the record"),
    "meeting.minutes_approved": _("Minutes approved"),
    "meeting.minutes_published": _("Minutes published"),
    "meeting.document_uploaded": _("Meeting document uploaded"),
    # Ballots
    "ballot.created": _("Ballot created"),
    "ballot.opened": _("Ballot opened"),
    "ballot.closed": _("Ballot closed"),
    "ballot.vote_cast": _("Vote cast"),
    "ballot.vote_changed": _("Vote changed"),
    "ballot.proxy_given": _("Proxy given"),
    "ballot.proxy_revoked": _("Proxy revoked"),
    "ballot.proxy_voided": _("Proxy voided"),
    "ballot.chain_broken": _("Ballot record found altered"),
    # Deliverables
    "deliverable.created": _("Deliverable created"),
    "deliverable.updated": _("Deliverable details changed"),
    "deliverable.state_changed": _("Deliverable status changed"),
    "deliverable.rapporteur_named": _("Rapporteur named"),
    "deliverable.rapporteur_removed": _("Rapporteur removed"),
    "deliverable.version_added": _("Version of the deliverable added"),
    "deliverable.version_changed": _("Version of the deliverable corrected"),
    "deliverable.round_opened": _("Comment round opened"),
    "deliverable.round_invitee_added": _("Invited to a comment round"),
    "deliverable.commented": _("Comment made"),
    "deliverable.round_closed": _("Comment round closed"),
    "deliverable.comment_resolved": _("Comment resolved"),
    "deliverable.put_to_vote": _("Deliverable put to the vote"),
    "deliverable.minority_statement_added": _("Minority statement added"),
    "deliverable.adopted_pdf_stored": _("Adopted deliverable PDF stored"),
}

UNKNOWN = _("Recorded change")


def label_for(code: str) -> str:
    """The translated label of an audit action; an unregistered code shows as a neutral label, and is logged."""
    label = LABELS.get(code)
    if label is None:
        logger.warning("Audit action %r has no label in audit.actions.LABELS", code)
        return str(UNKNOWN)
    return str(label)
