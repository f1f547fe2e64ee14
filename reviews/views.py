"""Thin views over reviews.services / reviews.selectors; every one asks reviews.rules, 404 when refused."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import get_object_or_404_unless_permitted, require_permission_or_404
from applications.models import Application, SupportingDocument
from audit.selectors import entries_for
from common.csv_export import csv_response
from documents.responses import pdf_download
from reviews import selectors, services
from reviews.forms import (
    AnswerForm,
    AssignForm,
    BalanceForm,
    ClarificationForm,
    ConflictForm,
    DecisionForm,
    QueueFilterForm,
    ReviewForm,
)
from reviews.models import Assignment, Clarification, Decision


def _errors(error):
    return " ".join(error.messages)


def _filters(request):
    show_reviewer = request.user.has_perm("reviews.view_assignments", None) or request.user.has_perm(
        "reviews.export_queue"
    )
    form = QueueFilterForm(request.GET or None, show_reviewer=show_reviewer)
    return form, form.filters()


@login_required
def queue(request):
    require_permission_or_404(request.user, "reviews.view_queue")
    form, filters = _filters(request)
    page = Paginator(selectors.queue(request.user, filters=filters), settings.PAGINATE_BY).get_page(
        request.GET.get("page")
    )
    rows = []
    for application in page.object_list:
        assignments = list(application.review_assignments.all())
        own = next((a for a in assignments if a.reviewer_id == request.user.pk), None)
        rows.append({"application": application, "assignments": assignments, "own": own})
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "reviews/queue.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "query_string": urlencode(query),
            "can_see_assignments": request.user.has_perm("reviews.view_assignments", None),
            "can_export": request.user.has_perm("reviews.export_queue"),
            "balance_form": BalanceForm(prefix="balance")
            if request.user.has_perm("reviews.balance_assignments")
            else None,
        },
    )


@login_required
def export_csv(request):
    """The queue with its scores, for decision makers (the secretariat never sees scores)."""
    require_permission_or_404(request.user, "reviews.export_queue")
    _form, filters = _filters(request)
    applications = (
        selectors.queue(request.user, filters=filters)
        .prefetch_related(None)
        .prefetch_related(
            "criteria_version__criteria",
            Prefetch(
                "review_assignments",
                queryset=Assignment.objects.select_related("reviewer", "review").prefetch_related(
                    "review__assessments"
                ),
            ),
        )
    )
    applications = list(applications)
    codes = []
    for application in applications:
        for criterion in application.criteria_version.criteria.all():
            if criterion.code not in codes:
                codes.append(criterion.code)
    header = [
        _("Reference"),
        _("Organisation"),
        _("Alliance"),
        _("Country"),
        _("Type"),
        _("Status"),
        _("Submitted"),
        _("Reviewers"),
        _("Reviews submitted"),
        *codes,
        _("Weighted total"),
        _("Threshold"),
        _("Recommendations"),
    ]
    rows = [_export_row(request.user, application, codes) for application in applications]
    return csv_response(f"review-queue-{timezone.localdate():%Y-%m-%d}.csv", header, rows)


def _export_row(user, application, codes):
    assignments = list(application.review_assignments.all())
    criteria = list(application.criteria_version.criteria.all())
    reviews = [
        review
        for assignment in assignments
        if not assignment.is_conflicted
        for review in [selectors.review_of(assignment)]
        if review is not None and review.is_submitted
    ]
    own = next((assignment for assignment in assignments if assignment.reviewer_id == user.pk), None)
    own_review = selectors.review_of(own) if own is not None else None
    if own is not None and not (own.is_cleared and own_review is not None and own_review.is_submitted):
        # A decision maker who is also assigned to review it sees no other review before submitting their own
        # (and never, if they declared a conflict): the same rule as reviews.view_reviews on the page.
        reviews = []
    per_code, total, complete = {}, Decimal("0"), bool(reviews)
    for criterion in criteria:
        values = [
            a.verdict if criterion.is_gate else a.score
            for review in reviews
            for a in review.assessments.all()
            if a.criterion_id == criterion.pk
        ]
        if criterion.is_gate:
            per_code[criterion.code] = "/".join(v for v in values if v)
        elif values:
            mean = (sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            per_code[criterion.code] = str(mean)
            total += mean * criterion.weight
        else:
            complete = False
    return [
        application.reference,
        application.organisation.legal_name,
        application.alliance.short_name,
        application.organisation.country.code,
        application.organisation.get_organisation_type_display(),
        application.get_state_display(),
        application.submitted_at.date().isoformat() if application.submitted_at else "",
        application.reviewer_count,
        application.submitted_count,
        *[per_code.get(code, "") for code in codes],
        str(total.quantize(Decimal("0.01"))) if complete else "",
        str(application.criteria_version.overall_threshold),
        "/".join(review.recommendation for review in reviews),
    ]


@login_required
@require_POST
def balance(request):
    require_permission_or_404(request.user, "reviews.balance_assignments")
    form = BalanceForm(request.POST, prefix="balance")
    if not form.is_valid():
        messages.error(request, _("Choose an alliance."))
        return redirect("reviews:queue")
    created, short = services.balance(alliance=form.cleaned_data["alliance"], by=request.user)
    messages.success(request, _("%(n)d assignments made.") % {"n": len(created)})
    if short:
        messages.warning(
            request,
            _("Not enough available reviewers for: %(refs)s.") % {"refs": ", ".join(a.reference for a in short)},
        )
    return redirect("reviews:queue")


def _application(request, pk):
    return get_object_or_404(selectors.application_for_review(pk), pk=pk)


def _own_assignment(request, application):
    return next((a for a in application.review_assignments.all() if a.reviewer_id == request.user.pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def application(request, pk):
    application = _application(request, pk)
    own = _own_assignment(request, application)
    if own is not None and request.user.has_perm("reviews.declare_conflict", own):
        return redirect("reviews:declare", pk=application.pk)
    if own is not None and own.is_conflicted:
        raise Http404  # a conflicted reviewer sees nothing more of it
    require_permission_or_404(request.user, "reviews.view_application", application)
    own_review = selectors.review_of(own) if own is not None else None
    review_form = None
    if _can_write_review(request, application, own, own_review):
        criteria = application.criteria_version.criteria.all()
        if request.method == "POST":
            review_form = ReviewForm(request.POST, criteria=criteria)
            if review_form.is_valid():
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
                else:
                    messages.success(
                        request, _("Your review is submitted.") if submit else _("Your review is saved as a draft.")
                    )
                    return redirect("reviews:application", pk=application.pk)
        else:
            review_form = ReviewForm(criteria=criteria, review=own_review)
    elif request.method == "POST":
        raise Http404
    return _render_application(request, application, own=own, own_review=own_review, review_form=review_form)


def _can_write_review(request, application, own, own_review):
    return (
        own is not None
        and request.user.has_perm("reviews.review_application", own)
        and not (own_review and own_review.is_submitted)
        and application.state in selectors.REVIEW_STATES
    )


def _render_application(request, application, *, own, own_review, review_form, assign_form=None):
    can_see_reviews = request.user.has_perm("reviews.view_reviews", application)
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
            "clarification_form": ClarificationForm()
            if own is not None and request.user.has_perm("reviews.ask_clarification", own)
            else None,
            "can_see_assignments": request.user.has_perm("reviews.view_assignments", application),
            "assignments": list(application.review_assignments.all()),
            "assign_form": assign_form,
            "summary": selectors.summarise(application) if can_see_reviews else None,
            "can_decide_page": request.user.has_perm("reviews.view_decision_page", application),
            "can_see_audit": request.user.has_perm("reviews.view_audit_trail", application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare_conflict(request, pk):
    application = _application(request, pk)
    own = _own_assignment(request, application)
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
def assign(request, pk):
    application = _application(request, pk)
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
    own = _own_assignment(request, application)
    if own is not None and not own.is_cleared:
        # An assigner who is also an undeclared or conflicted reviewer of it does not get the page itself.
        messages.error(request, " ".join(form.errors.get("reviewer", [])) or _("Choose a reviewer."))
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
def ask_clarification(request, pk):
    application = _application(request, pk)
    own = _own_assignment(request, application)
    if own is None or not request.user.has_perm("reviews.ask_clarification", own):
        raise Http404
    form = ClarificationForm(request.POST)
    if form.is_valid():
        try:
            services.ask_clarification(application=application, by=request.user, question=form.cleaned_data["question"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your question is sent to the applicant."))
    else:
        messages.error(request, _("Write the question."))
    return redirect("reviews:application", pk=application.pk)


@login_required
def document(request, pk, document_pk):
    application = _application(request, pk)
    own = _own_assignment(request, application)
    if own is not None and not own.is_cleared:
        raise Http404
    require_permission_or_404(request.user, "reviews.view_application", application)
    supporting = get_object_or_404(SupportingDocument, pk=document_pk, application=application)
    return pdf_download(supporting.file, supporting.original_name)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    application = _application(request, pk)
    require_permission_or_404(request.user, "reviews.view_decision_page", application)
    summary = selectors.summarise(application)
    existing = Decision.objects.filter(application=application).select_related("decided_by").first()
    form = None
    if existing is None and request.user.has_perm("reviews.decide", application):
        form = DecisionForm(request.POST or None, summary=summary)
        if request.method == "POST" and form.is_valid():
            try:
                services.decide(
                    application=application,
                    by=request.user,
                    outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"],
                    evaluation_summary=form.evaluation_summary(),
                    reason_without_all_reviews=form.cleaned_data["reason_without_all_reviews"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision is recorded and the applicant informed."))
                return redirect("reviews:decision", pk=application.pk)
    elif request.method == "POST":
        messages.error(request, _("This application cannot be decided (now)."))
        return redirect("reviews:decision", pk=application.pk)
    return render(
        request,
        "reviews/decision.html",
        {"application": application, "summary": summary, "form": form, "decision": existing},
    )


@login_required
def audit_trail(request, pk):
    application = get_object_or_404_unless_permitted(
        request.user, Application.objects.select_related("organisation", "alliance"), "reviews.view_audit_trail", pk=pk
    )
    page = Paginator(entries_for(application).order_by("created_at", "id"), 100).get_page(request.GET.get("page"))
    return render(request, "reviews/audit.html", {"application": application, "page_obj": page})


# The applicant's side ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def answer_clarification(request, pk):
    clarification = get_object_or_404_unless_permitted(
        request.user,
        Clarification.objects.select_related("application__organisation", "application__alliance"),
        "reviews.view_clarification",
        pk=pk,
    )
    if not request.user.has_perm("reviews.answer_clarification", clarification):
        if clarification.application.organisation_id in _org_ids(request.user):
            messages.info(request, _("This question has already been answered."))
            return redirect("applications:detail", pk=clarification.application_id)
        raise Http404
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_clarification(
                clarification=clarification,
                by=request.user,
                answer=form.cleaned_data["answer"],
                uploaded_file=form.cleaned_data.get("file") or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer is sent. The application is back under review."))
            return redirect("applications:detail", pk=clarification.application_id)
    return render(request, "reviews/answer.html", {"clarification": clarification, "form": form})


def _org_ids(user):
    from organisations.selectors import organisation_ids_of

    return organisation_ids_of(user)


@login_required
def clarification_file(request, pk):
    clarification = get_object_or_404(Clarification.objects.select_related("application"), pk=pk)
    application = clarification.application
    own = selectors.assignment_of(request.user, application)
    if own is not None and not own.is_cleared:
        raise Http404  # undeclared or conflicted: nothing of the application, whatever other role they hold
    permitted = request.user.has_perm("reviews.view_clarification", clarification) or request.user.has_perm(
        "reviews.view_application", application
    )
    if not permitted or not clarification.answer_file:
        raise Http404
    return pdf_download(clarification.answer_file, f"clarification-{application.reference}-{clarification.pk}.pdf")


@login_required
def decision_letter(request, pk):
    decision = get_object_or_404_unless_permitted(
        request.user,
        Decision.objects.select_related("application__organisation"),
        "reviews.download_decision_letter",
        pk=pk,
    )
    if not decision.letter_ready:
        raise Http404
    return pdf_download(decision.letter, f"decision-{decision.application.reference}.pdf")
