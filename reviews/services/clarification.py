"""Questions a reviewer asks the applicant, and the applicant's answer (with an optional PDF).

All functions take keyword arguments only and run in one transaction.
"""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from applications.models import Application
from applications.services import transition
from audit.services import record
from documents.uploads import store_pdf
from notifications.services import queue_email
from reviews import selectors
from reviews.models import Assignment, Clarification
from reviews.services.base import ReviewError, lock

logger = logging.getLogger(__name__)


@transaction.atomic
def ask_clarification(*, application: Application, by: User, question: str) -> Clarification:
    """A cleared reviewer asks the applicant a question; the application waits for the answer."""
    application = lock(application)
    if application.state != Application.State.UNDER_REVIEW:
        raise ReviewError(_("A clarification can be asked only while the application is under review."))
    assignment = Assignment.objects.filter(application=application, reviewer=by).select_related("application").first()
    require(
        by,
        "reviews.ask_clarification",
        assignment,
        _("Only a reviewer of this application asks the applicant for clarification."),
    )
    if not question.strip():
        raise ReviewError(_("Write the question."))
    clarification = Clarification.objects.create(application=application, asked_by=by, question=question.strip())
    record(
        actor=by,
        action="review.clarification_requested",
        target=application,
        data={"clarification": clarification.pk},
    )
    # The applicant's e-mail carries the question, never the reviewer's name.
    transition(
        application=application,
        to_state=Application.State.CLARIFICATION_REQUESTED,
        by=by,
        reason=clarification.question,
    )
    logger.info("Clarification %s requested on application %s by %s", clarification.pk, application.pk, by.pk)
    return clarification


@transaction.atomic
def answer_clarification(
    *, clarification: Clarification, by: User, answer: str, uploaded_file: UploadedFile | None = None
) -> Clarification:
    """The applicant answers once; the application goes back under review and its reviewers are told."""
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    application = lock(clarification.application)
    if not clarification.is_open:
        raise ReviewError(_("This question has already been answered."))
    require(
        by,
        "reviews.answer_clarification",
        clarification,
        _("Only a person acting for the applicant answers its clarification requests."),
    )
    if application.state != Application.State.CLARIFICATION_REQUESTED:
        raise ReviewError(_("This application is not waiting for a clarification."))
    if not answer.strip():
        raise ReviewError(_("Write your answer."))
    clarification.answer = answer.strip()
    clarification.answered_by = by
    clarification.answered_at = timezone.now()
    if uploaded_file is not None:
        store_pdf(uploaded_file, into=clarification.answer_file, sha256_field="answer_sha256")
    clarification.save()
    record(
        actor=by,
        action="review.clarification_answered",
        target=application,
        data={"clarification": clarification.pk, "sha256": clarification.answer_sha256},
    )
    transition(
        application=application,
        to_state=Application.State.UNDER_REVIEW,
        by=by,
        reason=_("Clarification answered."),
    )
    reviewer_emails = list(
        selectors.active_assignments().filter(application=application).values_list("reviewer__email", flat=True)
    )
    queue_email(
        key=f"review:clarification_answered:{clarification.pk}",
        to=reviewer_emails,
        template="reviews/email/clarification_answered",
        context={"application": application, "clarification": clarification},
    )
    logger.info("Clarification %s on application %s answered by %s", clarification.pk, application.pk, by.pk)
    return clarification
