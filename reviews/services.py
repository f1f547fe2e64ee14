"""The rules of review and decision. Every state change checks the move, audits it, and notifies.

All functions take keyword arguments only and run in one transaction.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.permissions import require
from applications.models import Application
from applications.services import notify_applicant, transition
from audit.services import record
from documents.pdf import render_pdf, sha256_hex
from documents.validators import validate_pdf_upload
from memberships.services import admit
from notifications.services import queue_email
from organisations.selectors import organisation_ids_of
from reviews import selectors
from reviews.models import (
    Assignment,
    Clarification,
    CriterionAssessment,
    Decision,
    Review,
    ReviewerCapacity,
)

MIN_REVIEWERS = 2


class ReviewError(ValidationError):
    pass


class AlreadyDecided(ReviewError):
    pass


def _lock(application):
    return Application.objects.select_for_update().select_related("alliance", "organisation").get(pk=application.pk)


def _staff_emails(role, *, exclude_ids=()):
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .exclude(pk__in=exclude_ids)
        .values_list("email", flat=True)
    )


# Assignment ----------------------------------------------------------------------------------------------------


def check_assignable(*, application, reviewer):
    """Why the reviewer cannot take the application, as a ReviewError; their capacity for its alliance if they can.

    The same conditions as `balance`: a reviewer of the application's alliance, marked available, not acting for
    the applicant, not already assigned, and without a declared conflict of interest on it.
    """
    if not reviewer.is_active or not roles.has_role(reviewer, roles.REVIEWER):
        raise ReviewError(_("%(person)s is not a reviewer.") % {"person": reviewer})
    if application.organisation_id in organisation_ids_of(reviewer):
        raise ReviewError(_("%(person)s acts for the applicant organisation.") % {"person": reviewer})
    existing = Assignment.objects.filter(application=application, reviewer=reviewer).first()
    if existing is not None and existing.is_conflicted:
        raise ReviewError(
            _("%(person)s declared a conflict of interest on %(ref)s and cannot review it.")
            % {"person": reviewer, "ref": application.reference}
        )
    if existing is not None:
        raise ReviewError(
            _("%(person)s is already assigned to %(ref)s.") % {"person": reviewer, "ref": application.reference}
        )
    capacity = ReviewerCapacity.objects.filter(reviewer=reviewer, alliance=application.alliance).first()
    if capacity is None:
        raise ReviewError(
            _("%(person)s is not a reviewer of the %(alliance)s.")
            % {"person": reviewer, "alliance": application.alliance.name}
        )
    if not capacity.is_available:
        raise ReviewError(
            _("%(person)s is marked unavailable for the %(alliance)s.")
            % {"person": reviewer, "alliance": application.alliance.name}
        )
    return capacity


@transaction.atomic
def assign(*, application, reviewer, by, check_load=True):
    """Assign a reviewer to an open application; the first assignment puts it under review."""
    application = _lock(application)
    if application.state not in selectors.REVIEW_STATES:
        raise ReviewError(_("Only applications open for review can be given reviewers."))
    require(by, "reviews.assign_reviewers", application, _("Only decision makers and administrators assign reviewers."))
    capacity = check_assignable(application=application, reviewer=reviewer)
    if check_load:
        load = selectors.reviewer_loads().get(reviewer.pk, 0)
        if load >= capacity.max_load:
            raise ReviewError(_("%(person)s already has their maximum number of applications.") % {"person": reviewer})
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(application=application, reviewer=reviewer, assigned_by=by)
    except IntegrityError as error:
        raise ReviewError(_("This reviewer is already assigned.")) from error
    record(
        actor=by,
        action="review.assigned",
        target=application,
        data={"assignment": assignment.pk, "reviewer": reviewer.pk},
    )
    if application.state == Application.State.SUBMITTED:
        transition(application=application, to_state=Application.State.UNDER_REVIEW, by=by)
    queue_email(
        key=f"review:assigned:{assignment.pk}",
        to=[reviewer.email],
        template="reviews/email/assigned",
        context={"application": application, "assignment": assignment},
    )
    return assignment


@transaction.atomic
def balance(*, alliance, by, per_application=MIN_REVIEWERS):
    """Spread the open applications of the alliance evenly over its available reviewers.

    Each application gets at least `per_application` reviewers who have not declared a conflict on it;
    nobody goes over their maximum load. Returns (new assignments, applications still short of reviewers).
    """
    capacities = {capacity.reviewer_id: capacity for capacity in selectors.available_capacities(alliance)}
    loads = selectors.reviewer_loads()
    applications = list(
        Application.objects.select_for_update()
        .filter(alliance=alliance, state__in=selectors.REVIEW_STATES)
        .order_by("submitted_at", "id")
    )
    taken = {}
    for application_id, reviewer_id, has_conflict in Assignment.objects.filter(
        application__in=applications
    ).values_list("application_id", "reviewer_id", "has_conflict"):
        taken.setdefault(application_id, {})[reviewer_id] = has_conflict
    created, short = [], []
    for application in applications:
        existing = taken.get(application.pk, {})
        counting = sum(1 for conflicted in existing.values() if conflicted is not True)
        while counting < per_application:
            candidates = [
                capacity
                for reviewer_id, capacity in capacities.items()
                if reviewer_id not in existing
                and loads.get(reviewer_id, 0) < capacity.max_load
                and application.organisation_id not in organisation_ids_of(capacity.reviewer)
            ]
            if not candidates:
                short.append(application)
                break
            chosen = min(candidates, key=lambda c: (loads.get(c.reviewer_id, 0), c.reviewer.email))
            created.append(assign(application=application, reviewer=chosen.reviewer, by=by, check_load=False))
            loads[chosen.reviewer_id] = loads.get(chosen.reviewer_id, 0) + 1
            existing[chosen.reviewer_id] = None
            counting += 1
    record(
        actor=by,
        action="review.balanced",
        target=alliance,
        data={"assigned": [a.pk for a in created], "short": [a.pk for a in short]},
    )
    return created, short


@transaction.atomic
def declare_conflict(*, assignment, by, has_conflict, conflict_type="", reason=""):
    """The reviewer's declaration on conflicts of interest, made once, before they see the application."""
    assignment = (
        Assignment.objects.select_for_update().select_related("application", "assigned_by").get(pk=assignment.pk)
    )
    if assignment.reviewer_id == by.pk and assignment.is_declared:
        raise ReviewError(_("You have already made your declaration on this application."))
    require(
        by,
        "reviews.declare_conflict",
        assignment,
        _("Only the assigned reviewer declares their conflicts of interest."),
    )
    if has_conflict and (not conflict_type or not reason.strip()):
        raise ReviewError(_("Say what kind of conflict you have and why."))
    assignment.declared_at = timezone.now()
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_type = conflict_type if has_conflict else ""
    assignment.conflict_reason = reason.strip() if has_conflict else ""
    assignment.save(update_fields=["declared_at", "has_conflict", "conflict_type", "conflict_reason"])
    application = assignment.application
    record(
        actor=by,
        action="review.conflict_declared" if has_conflict else "review.no_conflict_declared",
        target=application,
        reason=assignment.conflict_reason,
        data={"assignment": assignment.pk, "conflict_type": assignment.conflict_type},
    )
    if has_conflict:
        queue_email(
            key=f"review:conflict:{assignment.pk}",
            to=[assignment.assigned_by.email],
            template="reviews/email/conflict_declared",
            context={"application": application, "assignment": assignment},
        )
    return assignment


# The review ----------------------------------------------------------------------------------------------------


def validate_score(criterion, score):
    """A score on the criterion's scale, in its steps (half points where the scale says so)."""
    try:
        score = Decimal(str(score))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("Enter a number.")) from error
    if score < criterion.scale_min or score > criterion.scale_max:
        raise ValidationError(
            _("The score must be between %(min)s and %(max)s.")
            % {"min": _number(criterion.scale_min), "max": _number(criterion.scale_max)}
        )
    if (score - criterion.scale_min) % criterion.scale_step != 0:
        raise ValidationError(_("The score must be in steps of %(step)s.") % {"step": _number(criterion.scale_step)})
    return score


def _number(value):
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def comment_required(criterion, *, verdict="", score=None):
    if criterion.is_gate:
        return verdict == CriterionAssessment.Verdict.NOT_MET
    return score is not None and Decimal(str(score)) < criterion.threshold


def check_complete(criteria, assessments, recommendation, justification):
    """What still stops a review from being submitted, per field: {criterion code or field: message}."""
    errors = {}
    for criterion in criteria:
        values = assessments.get(criterion.pk) or {}
        verdict, score, comment = values.get("verdict") or "", values.get("score"), (values.get("comment") or "")
        if criterion.is_gate and not verdict:
            errors[criterion.code] = _("Give a verdict on “%(title)s”.") % {"title": criterion.title}
        elif not criterion.is_gate and score is None:
            errors[criterion.code] = _("Score “%(title)s”.") % {"title": criterion.title}
        elif comment_required(criterion, verdict=verdict, score=score) and not comment.strip():
            errors[criterion.code] = _(
                "“%(title)s”: a comment is required when a gate is not met or a score is below the threshold."
            ) % {"title": criterion.title}
    if not recommendation:
        errors["recommendation"] = _("Give an overall recommendation.")
    if not (justification or "").strip():
        errors["justification"] = _("Justify your recommendation.")
    return errors


@transaction.atomic
def save_review(*, assignment, by, assessments, recommendation="", justification="", submit=False):
    """Save a review as draft, or submit it (once; it is read-only afterwards).

    `assessments` maps a criterion id to {"verdict": str, "score": Decimal|None, "comment": str}.
    """
    # The application is locked so that reviews finishing at the same moment see each other.
    application = _lock(assignment.application)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    require(
        by,
        "reviews.review_application",
        assignment,
        _("Only the assigned reviewer writes this review, once they declared no conflict of interest."),
    )
    if application.state not in selectors.REVIEW_STATES:
        raise ReviewError(_("This application is no longer open for review."))
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if review.is_submitted:
        raise ReviewError(_("This review is submitted and can no longer be changed."))
    criteria = {criterion.pk: criterion for criterion in application.criteria_version.criteria.all()}
    cleaned, errors = {}, {}
    for criterion_id, values in assessments.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ReviewError(_("A criterion that is not part of this application's criteria was assessed."))
        verdict, score = values.get("verdict") or "", values.get("score")
        if criterion.is_gate:
            score = None
            if verdict and verdict not in CriterionAssessment.Verdict.values:
                errors[criterion.code] = _("Choose met, not met or unclear.")
        else:
            verdict = ""
            if score not in (None, ""):
                try:
                    score = validate_score(criterion, score)
                except ValidationError as error:
                    errors[criterion.code] = f"{criterion.title}: {' '.join(error.messages)}"
            else:
                score = None
        cleaned[criterion.pk] = {"verdict": verdict, "score": score, "comment": (values.get("comment") or "").strip()}
    if recommendation and recommendation not in Review.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if submit and not errors:
        errors = check_complete(criteria.values(), cleaned, recommendation, justification)
    if errors:
        raise ReviewError(errors)
    existing = {a.criterion_id: a for a in review.assessments.all()}
    to_create, to_update = [], []
    for criterion_id, values in cleaned.items():
        assessment = existing.get(criterion_id)
        if assessment is None:
            to_create.append(CriterionAssessment(review=review, criterion_id=criterion_id, **values))
        else:
            assessment.verdict, assessment.score, assessment.comment = (
                values["verdict"],
                values["score"],
                values["comment"],
            )
            to_update.append(assessment)
    CriterionAssessment.objects.bulk_create(to_create)
    CriterionAssessment.objects.bulk_update(to_update, ["verdict", "score", "comment"])
    review.recommendation = recommendation or ""
    review.justification = (justification or "").strip()
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        record(
            actor=by,
            action="review.submitted",
            target=application,
            data={"review": review.pk, "recommendation": review.recommendation},
        )
        _tell_decision_makers_if_complete(application)
    return review


def _tell_decision_makers_if_complete(application):
    counting = selectors.active_assignments().filter(application=application)
    if counting.exclude(review__status=Review.Status.SUBMITTED).exists():
        return
    reviewer_ids = list(Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True))
    queue_email(
        key=f"review:complete:{application.pk}",
        to=_staff_emails(roles.DECISION_MAKER, exclude_ids=reviewer_ids),
        template="reviews/email/reviews_complete",
        context={"application": application},
    )


# Clarification ---------------------------------------------------------------------------------------------------


@transaction.atomic
def ask_clarification(*, application, by, question):
    application = _lock(application)
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
    return clarification


@transaction.atomic
def answer_clarification(*, clarification, by, answer, uploaded_file=None):
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    application = _lock(clarification.application)
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
        content = validate_pdf_upload(uploaded_file)
        clarification.answer_sha256 = hashlib.sha256(content).hexdigest()
        clarification.answer_file.save("answer.pdf", ContentFile(content), save=False)
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
    return clarification


# The decision ----------------------------------------------------------------------------------------------------


@transaction.atomic
def decide(*, application, by, outcome, justification, evaluation_summary, reason_without_all_reviews=""):
    """Approve or reject, once. Four-eyes; every counting review submitted, or a recorded reason."""
    application = _lock(application)
    if Decision.objects.filter(application=application).exists():
        raise AlreadyDecided(_("%(ref)s has already been decided.") % {"ref": application.reference})
    if application.state != Application.State.UNDER_REVIEW:
        raise ReviewError(_("Only an application under review can be decided."))
    # Four-eyes (never assigned to review it) is part of the declared permission.
    require(
        by,
        "reviews.decide",
        application,
        _(
            "Only decision makers decide on applications, and never one they were assigned to review "
            "(four-eyes principle)."
        ),
    )
    if outcome not in Decision.Outcome.values:
        raise ReviewError(_("Choose approve or reject."))
    if not justification.strip():
        raise ReviewError(_("Justify the decision: the applicant receives the justification."))
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
    to_state = Application.State.APPROVED if outcome == Decision.Outcome.APPROVE else Application.State.REJECTED
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
    from reviews.tasks import render_decision_letter

    render_decision_letter.delay_on_commit(decision.pk)
    return decision


def render_decision_letter_pdf(decision):
    return render_pdf("reviews/pdf/decision_letter.html", {"decision": decision, "application": decision.application})


@transaction.atomic
def store_decision_letter(*, decision_id):
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
    return decision


# Reminders ---------------------------------------------------------------------------------------------------------


def _period(since, today, every):
    """How many whole reminder periods of `every` days lie between the date of `since` and `today`."""
    return (today - timezone.localdate(since)).days // every


def send_reminders(*, today=None):
    """Remind reviewers of reviews open too long, and decision makers of applications ready to decide.

    A review open for REVIEW_REMINDER_AFTER_DAYS days is reminded once, and once more after each further such
    period; likewise an application ready for a decision that long (the day it became ready the decision makers
    were already told, see _tell_decision_makers_if_complete). The keys name the period, not the day, so running
    every day (or twice a day, or again after a missed day) sends each reminder once. Returns the number of
    e-mails queued.
    """
    today = today or timezone.localdate()
    every = settings.REVIEW_REMINDER_AFTER_DAYS
    queued = 0
    overdue = (
        selectors.active_assignments()
        .filter(application__state__in=selectors.REVIEW_STATES, assigned_at__date__lte=today - timedelta(days=every))
        .exclude(review__status=Review.Status.SUBMITTED)
        .select_related("reviewer", "application__organisation", "application__alliance")
        .order_by("pk")
    )
    for assignment in overdue:
        period = _period(assignment.assigned_at, today, every)
        with transaction.atomic():
            if queue_email(
                key=f"reminder:review:{assignment.pk}:{period}",
                to=[assignment.reviewer.email],
                template="reviews/email/review_reminder",
                context={"application": assignment.application, "assignment": assignment, "days": every},
            ):
                queued += 1
    ready = [
        application
        for application in selectors.applications_awaiting_decision().prefetch_related("review_assignments")
        if application.ready_since is not None and _period(application.ready_since, today, every) >= 1
    ]
    if ready:
        from django.contrib.auth import get_user_model

        decision_makers = get_user_model().objects.filter(groups__name=roles.DECISION_MAKER, is_active=True)
        for decision_maker in decision_makers.order_by("pk"):
            for application in ready:
                # Four-eyes: nobody is asked to decide an application they were assigned to review.
                if any(a.reviewer_id == decision_maker.pk for a in application.review_assignments.all()):
                    continue
                period = _period(application.ready_since, today, every)
                with transaction.atomic():
                    if queue_email(
                        key=f"reminder:decide:{decision_maker.pk}:{application.pk}:{period}",
                        to=[decision_maker.email],
                        template="reviews/email/decision_reminder",
                        context={"applications": [application], "person": decision_maker},
                    ):
                        queued += 1
    return queued
