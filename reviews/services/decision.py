"""The decision on an application (four-eyes, once) and its letter.

All functions take keyword arguments only and run in one transaction.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.languages import language_of
from accounts.models import User
from accounts.permissions import require
from applications.models import Application
from applications.services import notify_applicant, transition
from audit.services import record
from documents.pdf import render_pdf, sha256_hex
from memberships.services import admit
from reviews import selectors, tasks
from reviews.models import CriterionAssessment, Decision
from reviews.services.base import AlreadyDecided, ReviewError, lock

logger = logging.getLogger(__name__)


def _check_may_decide(*, application: Application, by: User, outcome: str, justification: str) -> None:
    """Not decided yet, never by one of its reviewers (four-eyes), under review, with an outcome and a reason."""
    if Decision.objects.filter(application=application).exists():
        logger.warning("Decision refused: application %s is already decided (by %s)", application.pk, by.pk)
        raise AlreadyDecided(_("%(ref)s has already been decided.") % {"ref": application.reference})
    if application.state != Application.State.UNDER_REVIEW:
        raise ReviewError(_("Only an application under review can be decided."))
    # Who decides (a decision maker never assigned to review it: four-eyes) is the declared permission's; the
    # operator's log says which rule refused.
    if selectors.is_assigned(by, application) and not by.has_perm("reviews.decide", application):
        logger.warning("Decision refused by four-eyes: %s was assigned to review application %s", by.pk, application.pk)
    require(
        by,
        "reviews.decide",
        application,
        _("Only decision makers decide on applications, and never one they were assigned to review (four-eyes)."),
    )
    if outcome not in Decision.Outcome.values:
        raise ReviewError(_("Choose approve or reject."))
    if not justification.strip():
        raise ReviewError(_("Justify the decision: the applicant receives the justification."))


@transaction.atomic
def decide(
    *,
    application: Application,
    by: User,
    outcome: str,
    justification: str,
    evaluation_summary: list[dict[str, Any]],
    reason_without_all_reviews: str = "",
) -> Decision:
    """Approve or reject, once. Four-eyes; every counting review submitted, or a recorded reason."""
    application = lock(application)
    _check_may_decide(application=application, by=by, outcome=outcome, justification=justification)
    summary = selectors.summarise(selectors.application_for_review(application.pk).get())
    if not summary.complete and not reason_without_all_reviews.strip():
        raise ReviewError(
            _("Not every assigned review is submitted: record why you decide without them, or wait for them.")
        )
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        justification=justification.strip(),
        evaluation_summary=evaluation_summary,
        weighted_total=summary.weighted_total,
        overall_threshold=summary.threshold,
        reason_without_all_reviews=reason_without_all_reviews.strip() if not summary.complete else "",
        decided_by=by,
    )
    record(
        actor=by,
        action="review.decided",
        target=application,
        reason=decision.justification,
        data={
            "decision": decision.pk,
            "outcome": outcome,
            "weighted_total": str(summary.weighted_total) if summary.weighted_total is not None else None,
            "reason_without_all_reviews": decision.reason_without_all_reviews,
        },
    )
    _carry_out(decision=decision, application=application, by=by)
    logger.info("Application %s decided by %s: %s", application.pk, by.pk, outcome)
    return decision


def _carry_out(*, decision: Decision, application: Application, by: User) -> None:
    """Move the application, admit the member on approval, tell the applicant once, render the letter."""
    to_state = Application.State.APPROVED if decision.is_approval else Application.State.REJECTED
    # The applicant hears of the decision once, with the justification and the letter's address.
    # transition() saves and returns a fresh copy; the applicant's e-mail must tell the new state, not the old one.
    application = transition(
        application=application, to_state=to_state, by=by, reason=decision.justification, notify=False
    )
    if decision.is_approval:
        admit(
            organisation=application.organisation,
            alliance=application.alliance,
            by=by,
            application=application,
            reason=decision.justification,
        )
    notify_applicant(
        application=application, event="decided", key=f"decision:{decision.pk}", reason=decision.justification
    )
    tasks.render_decision_letter.delay_on_commit(decision.pk)


# How long a rejected applicant has to ask for a review of the decision (stated in the letter).
REVIEW_REQUEST_MONTHS = 2


def render_decision_letter_pdf(decision: Decision) -> bytes:
    """The letter in the applicant's language: that of the person who made the application, as their e-mails.

    Signed by the deciding person with the function in settings; on a rejection it says how to ask for a review
    of the decision: within REVIEW_REQUEST_MONTHS months, by writing to the contact address in settings.
    """
    with translation.override(language_of(decision.application.created_by)):
        return render_pdf(
            "reviews/pdf/decision_letter.html",
            {
                "decision": decision,
                "application": decision.application,
                "summary": _summary_in_language(decision),
                "signatory_function": settings.DECISION_SIGNATORY_FUNCTION,
                "contact_email": settings.CONTACT_EMAIL,
                "review_months": REVIEW_REQUEST_MONTHS,
            },
        )


def _summary_in_language(decision: Decision) -> list[dict[str, Any]]:
    """The evaluation summary with the criteria's titles and the verdicts in the active language (the summary
    keeps them as the decision maker read them)."""
    titles = {criterion.code: criterion.title for criterion in decision.application.criteria_version.criteria.all()}
    verdicts = dict(CriterionAssessment.Verdict.choices)
    return [
        {
            **item,
            "title": titles.get(item.get("code"), item.get("title", "")),
            "verdict_label": verdicts.get(item.get("verdict"), item.get("verdict_label", "")),
        }
        for item in decision.evaluation_summary
    ]


@transaction.atomic
def store_decision_letter(*, decision_id: int) -> Decision:
    """Render and store the decision letter once; a second call leaves the record as it is."""
    decision = (
        Decision.objects.select_for_update()
        .select_related("application__organisation", "application__alliance")
        .get(pk=decision_id)
    )
    if decision.letter_ready:
        return decision
    pdf_bytes = render_decision_letter_pdf(decision)
    decision.letter_sha256 = sha256_hex(pdf_bytes)
    decision.letter.save("decision.pdf", ContentFile(pdf_bytes), save=False)
    decision.save(update_fields=["letter", "letter_sha256"])
    record(
        actor=None,
        action="review.decision_letter_rendered",
        target=decision.application,
        data={"decision": decision.pk, "sha256": decision.letter_sha256},
    )
    logger.info("Decision letter of decision %s rendered", decision.pk)
    return decision
