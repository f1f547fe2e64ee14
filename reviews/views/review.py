"""The application as a reviewer, an assigner or a decision maker sees it: the review form, the conflict
declaration, assigning reviewers, questions to the applicant, and the supporting documents."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import require_permission_or_404
from applications.models import Application, SupportingDocument
from common.page_cache import personal_page
from common.views import perform
from documents.responses import pdf_download
from reviews import selectors, services
from reviews.forms import AssignForm, ClarificationForm, ConflictForm, ReviewForm
from reviews.models import Assignment, Review
from reviews.views.base import AuthenticatedRequest, application_or_404, own_assignment


@login_required
@require_http_methods(["GET", "POST"])
@personal_page
def application(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    own = own_assignment(request, application)
    if own is not None and request.user.has_perm("reviews.declare_conflict", own):
        return redirect("reviews:declare", pk=application.pk)
    if own is not None and own.is_conflicted:
        raise Http404  # a conflicted reviewer sees nothing more of it
    require_permission_or_404(request.user, "reviews.view_application", application)
    own_review = selectors.review_of(own) if own is not None else None
    review_form = None
    if own is not None and _can_write_review(request, application, own, own_review):
        criteria = application.criteria_version.criteria.all()
        if request.method != "POST":
            review_form = ReviewForm(criteria=criteria, review=own_review)
        else:
            review_form = ReviewForm(request.POST, criteria=criteria)
            if _save_review(request, own, review_form):
                return redirect("reviews:application", pk=application.pk)
    elif request.method == "POST":
        raise Http404
    return _render_application(request, application, own=own, own_review=own_review, review_form=review_form)


def _save_review(request: AuthenticatedRequest, own: Assignment, review_form: ReviewForm) -> bool:
    """Save or submit the posted review; False with the service's errors on the form's fields."""
    if not review_form.is_valid():
        return False
    submit = "submit" in request.POST
    try:
        services.save_review(
            assignment=own,
            by=request.user,
            assessments=review_form.assessments(),
            recommendation=review_form.cleaned_data["recommendation"],
            justification=review_form.cleaned_data["justification"],
            submit=submit,
        )
    except ValidationError as error:
        review_form.add_service_errors(error)
        return False
    messages.success(request, _("Your review is submitted.") if submit else _("Your review is saved as a draft."))
    return True


def _can_write_review(
    request: AuthenticatedRequest, application: Application, own: Assignment | None, own_review: Review | None
) -> bool:
    return (
        own is not None
        and request.user.has_perm("reviews.review_application", own)
        and not (own_review and own_review.is_submitted)
        and application.state in selectors.REVIEW_STATES
    )


def _render_application(
    request: AuthenticatedRequest,
    application: Application,
    *,
    own: Assignment | None,
    own_review: Review | None,
    review_form: ReviewForm | None,
    assign_form: AssignForm | None = None,
) -> HttpResponse:
    if assign_form is None and request.user.has_perm("reviews.assign_reviewers", application):
        assign_form = AssignForm(application=application)
    return render(
        request,
        "reviews/application.html",
        {
            "application": application,
            "snapshot": application.snapshot or {},
            "documents": list(application.documents.all()),
            "clarifications": list(application.clarifications.all()),
            "own": own,
            "own_review": own_review,
            "own_assessments": list(own_review.assessments.select_related("criterion")) if own_review else [],
            "review_form": review_form,
            # Each criterion's applicant answer beside its verdict or score field.
            "review_rows": _rows_with_answers(review_form, application.snapshot or {}) if review_form else [],
            "clarification_form": ClarificationForm()
            if own is not None and request.user.has_perm("reviews.ask_clarification", own)
            else None,
            "can_see_assignments": request.user.has_perm("reviews.view_assignments", application),
            "assignments": list(application.review_assignments.all()),
            "assign_form": assign_form,
            "summary": selectors.visible_summary(request.user, application),
            "can_decide_page": request.user.has_perm("reviews.view_decision_page", application),
            "can_see_audit": request.user.has_perm("reviews.view_audit_trail", application),
        },
    )


def _rows_with_answers(review_form: ReviewForm, snapshot: dict) -> list[tuple]:
    """(criterion, assessment field, comment field, the applicant's submitted answer or None)."""
    answers = {answer.get("criterion"): answer for answer in snapshot.get("answers", [])}
    return [(*row, answers.get(row[0].code)) for row in review_form.criterion_rows()]


@login_required
@require_http_methods(["GET", "POST"])
def declare_conflict(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    own = own_assignment(request, application)
    if own is None or not request.user.has_perm("reviews.declare_conflict", own):
        if own is not None and own.is_cleared:
            return redirect("reviews:application", pk=application.pk)
        raise Http404
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(
                assignment=own,
                by=request.user,
                has_conflict=form.cleaned_data["has_conflict"],
                conflict_type=form.cleaned_data["conflict_type"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["has_conflict"]:
                messages.info(request, _("Your conflict of interest is recorded; the assigner is told to replace you."))
                return redirect("reviews:queue")
            messages.success(request, _("You declared no conflict of interest."))
            return redirect("reviews:application", pk=application.pk)
    # Before the declaration the reviewer sees only who applies, nothing of the application itself.
    return render(request, "reviews/declare.html", {"application": application, "form": form})


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    require_permission_or_404(request.user, "reviews.assign_reviewers", application)
    form = AssignForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.assign(application=application, reviewer=form.cleaned_data["reviewer"], by=request.user)
        except ValidationError as error:
            form.add_error("reviewer", error)
        else:
            messages.success(request, _("Reviewer assigned."))
            return redirect("reviews:application", pk=application.pk)
    own = own_assignment(request, application)
    if own is not None and not own.is_cleared:
        # An assigner who is also an undeclared or conflicted reviewer of it does not get the page itself.
        messages.error(request, " ".join(cast(list[str], form.errors.get("reviewer", []))) or _("Choose a reviewer."))
        return redirect("reviews:application", pk=application.pk)
    # The application page again, with the reason next to the reviewer field.
    own_review = selectors.review_of(own) if own is not None else None
    review_form = None
    if _can_write_review(request, application, own, own_review):
        review_form = ReviewForm(criteria=application.criteria_version.criteria.all(), review=own_review)
    return _render_application(
        request, application, own=own, own_review=own_review, review_form=review_form, assign_form=form
    )


@login_required
@require_POST
def ask_clarification(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    own = own_assignment(request, application)
    if own is None or not request.user.has_perm("reviews.ask_clarification", own):
        raise Http404
    form = ClarificationForm(request.POST)
    back = reverse("reviews:application", args=[application.pk])
    if not form.is_valid():
        messages.error(request, _("Write the question."))
        return redirect(back)
    return perform(
        request,
        lambda: services.ask_clarification(
            application=application, by=request.user, question=form.cleaned_data["question"]
        ),
        success=_("Your question is sent to the applicant."),
        redirect_to=back,
    )


@login_required
def document(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    application = application_or_404(pk)
    own = own_assignment(request, application)
    if own is not None and not own.is_cleared:
        raise Http404
    require_permission_or_404(request.user, "reviews.view_application", application)
    supporting = get_object_or_404(SupportingDocument, pk=document_pk, application=application)
    return pdf_download(supporting.file, supporting.original_name)
