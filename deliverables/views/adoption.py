"""Adoption: put a version to the vote, minority statements, the adopted PDF and its verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.views import perform
from deliverables import forms, selectors, services
from deliverables.models import AdoptionVote, Deliverable
from deliverables.views._common import AuthenticatedRequest, deliverable_or_404, vote_or_404
from documents.responses import pdf_download
from organisations.models import Organisation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def put_to_vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_or_404(request, pk, "deliverables.put_to_vote")
    form = forms.PutToVoteForm(request.POST or None, deliverable=deliverable)
    if request.method == "POST" and form.is_valid():
        try:
            vote = services.put_to_vote(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The version is put to the group's vote."))
            return redirect("workinggroups:ballot", pk=vote.ballot_id)
    return render(request, "deliverables/put_to_vote.html", {"form": form, "deliverable": deliverable})


@login_required
@require_POST
def minority_statement(request: AuthenticatedRequest, pk: int, organisation_pk: int) -> HttpResponse:
    vote = vote_or_404(request, pk)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    form = forms.MinorityStatementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the statement."))
        return redirect(vote.deliverable.get_absolute_url())

    def action():
        try:
            services.add_minority_statement(vote=vote, organisation=organisation, by=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            raise Http404 from error

    return perform(
        request,
        action,
        success=_("The minority statement of %(org)s is recorded.") % {"org": organisation.legal_name},
        redirect_to=vote.deliverable.get_absolute_url(),
    )


def _adopted(request: HttpRequest, pk: int) -> AdoptionVote:
    deliverable = get_object_or_404(Deliverable.objects.select_related("group__alliance"), pk=pk)
    if not request.user.has_perm("deliverables.view_adopted", deliverable):
        raise Http404
    vote = selectors.carried_vote(deliverable)
    if vote is None:
        raise Http404
    return vote


@require_safe
def adopted_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The adopted PDF/A: to whoever may read the deliverable, and to everyone once it is published."""
    vote = _adopted(request, pk)
    if not vote.pdf_ready:
        raise Http404
    return pdf_download(vote.pdf, f"deliverable-{vote.deliverable_id}-adopted.pdf")


@require_http_methods(["GET", "HEAD", "POST"])
def verification(request: HttpRequest, pk: int) -> HttpResponse:
    """The verification of the adopted record, and a check of a copy the visitor holds (nothing is stored)."""
    vote = _adopted(request, pk)
    form = forms.CheckCopyForm(request.POST or None, request.FILES or None)
    copy_check = None
    if request.method == "POST" and form.is_valid():
        copy_check = services.check_copy(vote=vote, content=form.cleaned_data["content"])
    return render(
        request,
        "deliverables/verification.html",
        {
            "vote": vote,
            "deliverable": vote.deliverable,
            "result": services.verify(vote),
            "form": form,
            "copy_check": copy_check,
        },
    )
