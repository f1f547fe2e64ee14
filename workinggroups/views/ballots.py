"""Ballots: the list, creation, the ballot page (votes, proxies, the result), closing, the result PDF, verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from common.page_cache import personal_page
from common.views import paginate, perform
from documents.pdf import render_pdf
from organisations.models import Organisation
from organisations.selectors import organisation_ids_of
from workinggroups import forms, selectors, services
from workinggroups.models import Ballot, Proxy
from workinggroups.views._shared import (
    PAGE,
    AuthenticatedRequest,
    ballot_or_404,
    group_or_404,
    sees_everything,
    shown_as_refusal,
)


def _back(ballot: Ballot) -> str:
    return reverse("workinggroups:ballot", args=[ballot.pk])


@login_required
@require_safe
def ballot_list(request: AuthenticatedRequest) -> HttpResponse:
    """The ballots of the groups the user is on (staff: all ballots)."""
    user = request.user
    everything = sees_everything(user)
    ballots = selectors.all_ballots() if everything else selectors.ballots_for_user(user)
    return render(
        request,
        "workinggroups/ballot_list.html",
        {"page_obj": paginate(request, ballots, per_page=PAGE), "show_mine": not everything},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "workinggroups.manage_ballot")
    form = forms.BallotForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = services.create_ballot(
                group=group,
                by=request.user,
                question=data["question"],
                description=data["description"],
                kind=data["kind"],
                options=data["option_list"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                quorum_percent=data["quorum_percent"],
                majority=data["majority"],
                majority_base=data["majority_base"],
                is_secret=data["is_secret"],
                meeting=data["meeting"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The ballot is created."))
            return redirect("workinggroups:ballot", pk=ballot.pk)
    return render(request, "workinggroups/ballot_form.html", {"form": form, "group": group})


def _vote_forms(ballot: Ballot, votable: list[tuple[int, int | None]]) -> tuple[list[dict[str, object]], set[int]]:
    """A vote form per organisation the person votes for, and the own organisations that have not voted yet."""
    organisations = Organisation.objects.in_bulk([pk for pk, _holder in votable])
    existing = {
        cast.organisation_id: cast
        for cast in ballot.cast_ballots.filter(organisation_id__in=organisations.keys()).only(
            "organisation_id", "choice", "cast_at", "revision"
        )
    }
    vote_forms: list[dict[str, object]] = [
        {
            "organisation": organisations[org_pk],
            "holder": organisations.get(holder) if holder else None,
            "form": forms.VoteForm(
                ballot=ballot,
                organisation=organisations[org_pk],
                initial={"choice": existing[org_pk].choice} if org_pk in existing and existing[org_pk].choice else None,
            ),
            "cast": existing.get(org_pk),
        }
        for org_pk, holder in votable
    ]
    return vote_forms, _votes_to_give(votable, voted=set(existing))


def _votes_to_give(votable: list[tuple[int, int | None]], *, voted: set[int]) -> set[int]:
    """The organisations the person votes for themselves (not as a proxy holder) that have not voted yet: the
    votes they may still give by proxy."""
    return {org_pk for org_pk, holder in votable if holder is None and org_pk not in voted}


def _own_ids_to_give(ballot: Ballot, user: User) -> set[int]:
    """`_votes_to_give` for the proxy's page, which shows no vote forms."""
    if not ballot.is_open or ballot.is_closing:
        return set()
    represented = selectors.represented_organisation_ids(user, ballot.group)
    votable = selectors.votable_organisations(ballot, user, represented=represented)
    own = [org_pk for org_pk, _holder in votable]
    voted = set(ballot.cast_ballots.filter(organisation_id__in=own).values_list("organisation_id", flat=True))
    return _votes_to_give(votable, voted=voted)


def _proxy_form(ballot: Ballot, own_ids: set[int]) -> forms.ProxyForm:
    return forms.ProxyForm(
        own=Organisation.objects.filter(pk__in=own_ids).order_by("legal_name"),
        others=Organisation.objects.filter(pk__in=selectors.eligible_organisation_ids_subquery(ballot))
        .exclude(pk__in=own_ids)
        .exclude(pk__in=Proxy.objects.filter(ballot=ballot).values("organisation_id"))
        .order_by("legal_name"),
    )


@login_required
@require_safe
@personal_page
def ballot_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    user = request.user
    accepting = ballot.is_open and not ballot.is_closing
    represented = selectors.represented_organisation_ids(user, ballot.group) if accepting else set()
    votable = selectors.votable_organisations(ballot, user, represented=represented)
    vote_forms, own_ids = _vote_forms(ballot, votable)
    # Of a named ballot, a running count only to those the policy lets see it (the secretariat, never a voter).
    can_see_count = not ballot.is_secret and user.has_perm("workinggroups.view_running_count", ballot)
    can_close = ballot.is_open and user.has_perm("workinggroups.close_ballot", ballot)
    # Organisations the person votes for in the group today that had no vote when the ballot opened: say why.
    not_eligible = (
        Organisation.objects.filter(pk__in=represented - selectors.eligible_organisation_ids(ballot)).order_by(
            "legal_name"
        )
        if represented
        else ()
    )
    # A running count of a secret ballot would tell whoever watches it change who chose what: none is shown.
    show_result = ballot.is_closed or can_see_count
    context = {
        "ballot": ballot,
        "vote_forms": vote_forms,
        "not_eligible": not_eligible,
        # The proxy's form lists every other eligible organisation: a page of its own.
        "can_give_proxy": accepting and bool(own_ids),
        "can_see_count": can_see_count,
        "close_form": forms.CloseBallotForm() if can_close else None,
        "participation": paginate(request, selectors.participation(ballot), per_page=50),
        "proxies": selectors.proxies_of(ballot),
        # The organisations that gave a proxy and that this person may take it back for.
        "revocable_ids": represented,
        "result": services.result_of(ballot) if show_result and ballot.state != Ballot.State.SCHEDULED else None,
        "my_organisation_ids": organisation_ids_of(user),
    }
    return render(request, "workinggroups/ballot_detail.html", context)


@login_required
@require_POST
def ballot_vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    form = forms.VoteForm(request.POST, ballot=ballot, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Choose an option."))
        return redirect(_back(ballot))
    return perform(
        request,
        shown_as_refusal(
            lambda: services.cast_vote(
                ballot=ballot, organisation=organisation, choice=form.cleaned_data["choice"], by=request.user
            )
        ),
        success=_("The vote of %(org)s is recorded. You may change it until the ballot closes.")
        % {"org": organisation.legal_name},
        redirect_to=_back(ballot),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_proxy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the proxy's form, to those who may still give their organisation's vote; POST: give it."""
    ballot = ballot_or_404(request, pk)
    if request.method == "GET":
        own_ids = _own_ids_to_give(ballot, request.user)
        if not own_ids:
            raise Http404
        return render(
            request, "workinggroups/ballot_proxy.html", {"ballot": ballot, "form": _proxy_form(ballot, own_ids)}
        )
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    holder = get_object_or_404(Organisation, pk=request.POST.get("holder"))
    return perform(
        request,
        shown_as_refusal(
            lambda: services.give_proxy(ballot=ballot, organisation=organisation, holder=holder, by=request.user)
        ),
        success=_("%(org)s gave its vote to %(holder)s.") % {"org": organisation.legal_name, "holder": holder},
        redirect_to=_back(ballot),
    )


@login_required
@require_POST
def ballot_proxy_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    return perform(
        request,
        shown_as_refusal(lambda: services.revoke_proxy(ballot=ballot, organisation=organisation, by=request.user)),
        success=_("%(org)s took back its vote: you may cast it yourself.") % {"org": organisation.legal_name},
        redirect_to=_back(ballot),
    )


@login_required
@require_POST
def ballot_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk, "workinggroups.close_ballot")
    form = forms.CloseBallotForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return perform(
        request,
        lambda: services.close_ballot(ballot=ballot, by=request.user, reason=reason),
        success=_("The ballot is closed and its result published to the group."),
        redirect_to=_back(ballot),
    )


@login_required
@require_safe
def ballot_result_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    if not ballot.is_closed:
        raise Http404
    pdf = render_pdf(
        "workinggroups/pdf/ballot_result.html",
        {
            "ballot": ballot,
            "result": services.result_of(ballot),
            "participation": selectors.participation(ballot),
            "check": services.verify_chain(ballot),
            "generated_at": timezone.now(),
        },
        record=False,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}-result.pdf"'
    return response


@login_required
@require_safe
def ballot_verify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    check = services.verify_chain(ballot)
    return render(
        request,
        "workinggroups/ballot_verify.html",
        {"ballot": ballot, "check": check},
        status=200 if check.intact else 409,
    )
