"""The applicant's side of the review: answering a clarification request, and its attached file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import get_object_or_404_unless_permitted
from documents.responses import pdf_download
from organisations.selectors import organisation_ids_of
from reviews import selectors, services
from reviews.forms import AnswerForm
from reviews.models import Clarification
from reviews.views.base import AuthenticatedRequest


@login_required
@require_http_methods(["GET", "POST"])
def answer_clarification(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    clarification = get_object_or_404_unless_permitted(
        request.user,
        Clarification.objects.select_related("application__organisation", "application__alliance"),
        "reviews.view_clarification",
        pk=pk,
    )
    if not request.user.has_perm("reviews.answer_clarification", clarification):
        if clarification.application.organisation_id in organisation_ids_of(request.user):
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


@login_required
def clarification_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
