"""Proposals for new working groups: the list, proposing one, and the Commission's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import get_object_or_404_unless_permitted, require_permission_or_404
from common.views import error_text, paginate
from workinggroups import forms, selectors, services
from workinggroups.models import GroupProposal
from workinggroups.views._shared import PAGE, AuthenticatedRequest


@login_required
@require_safe
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.has_perm("workinggroups.decide_proposal") or user.has_perm("memberships.export_register"):
        proposals = selectors.proposals_visible_to(user, everything=True)
    elif user.has_perm("workinggroups.propose_group"):
        proposals = selectors.proposals_visible_to(user, everything=False)
    else:
        raise Http404
    return render(
        request,
        "workinggroups/proposal_list.html",
        {
            "page_obj": paginate(request, proposals, per_page=PAGE),
            "can_propose": user.has_perm("workinggroups.propose_group"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthenticatedRequest) -> HttpResponse:
    require_permission_or_404(request.user, "workinggroups.propose_group")
    form = forms.ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            proposal = services.propose_group(
                alliance=membership.alliance,
                organisation=membership.organisation,
                by=request.user,
                name=form.cleaned_data["name"],
                mandate=form.cleaned_data["mandate"],
                rationale=form.cleaned_data["rationale"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("Not allowed."))
        else:
            messages.success(request, _("Your proposal is with the Commission."))
            return redirect("workinggroups:proposal", pk=proposal.pk)
    return render(request, "workinggroups/proposal_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404_unless_permitted(
        request.user,
        GroupProposal.objects.select_related("alliance", "organisation", "proposed_by", "group"),
        "workinggroups.view_proposal",
        pk=pk,
    )
    can_decide = request.user.has_perm("workinggroups.decide_proposal", proposal)
    form = forms.RequiredReasonForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            # Not `perform`: a refused decision shows the page again with the reason the decider typed.
            try:
                services.decide_proposal(
                    proposal=proposal,
                    approve=request.POST.get("decision") == "approve",
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The decision is recorded and the proposer told."))
                return redirect("workinggroups:proposal", pk=proposal.pk)
    return render(
        request,
        "workinggroups/proposal_detail.html",
        {"proposal": proposal, "form": form if proposal.state == GroupProposal.State.PENDING else None},
    )
