"""A group's deliverables, one deliverable's page, its rapporteurs, acknowledgement and publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.views import error_text, paginate, perform
from deliverables import forms, selectors, services
from deliverables.models import CommentRound, Deliverable
from deliverables.views._common import AuthenticatedRequest, deliverable_or_404, group_or_404


@login_required
@require_safe
def deliverable_index(request: AuthenticatedRequest) -> HttpResponse:
    """The deliverables the user may see, across groups; the Commission finds here what awaits acknowledgement."""
    user = request.user
    state = request.GET.get("state", "")
    if state not in Deliverable.State.values:
        state = ""
    everything = user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register")
    return render(
        request,
        "deliverables/index.html",
        {
            "page_obj": paginate(request, selectors.deliverables_for(user, everything=everything, state=state)),
            "states": Deliverable.State.choices,
            "state": state,
        },
    )


@login_required
@require_safe
def group_deliverables(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "workinggroups.view_workinggroup")
    return render(
        request,
        "deliverables/group_deliverables.html",
        {
            "group": group,
            "page_obj": paginate(request, selectors.deliverables_of(group, request.user)),
            "can_create": request.user.has_perm("deliverables.manage_deliverable", group),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deliverable_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "deliverables.manage_deliverable")
    form = forms.DeliverableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deliverable = services.create_deliverable(group=group, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error) if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The deliverable is created. Name its rapporteurs."))
            return redirect("deliverables:detail", pk=deliverable.pk)
    return render(request, "deliverables/deliverable_form.html", {"form": form, "group": group})


@login_required
@require_safe
def deliverable_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable_or_404(request, pk)
    deliverable = selectors.deliverable_page(pk)
    user = request.user
    versions = list(deliverable.versions.all())
    can_manage = user.has_perm("deliverables.manage_deliverable", deliverable)
    can_write = user.has_perm("deliverables.write_version", deliverable)
    drafting = deliverable.state == Deliverable.State.DRAFTING
    open_round = next((r for r in deliverable.rounds.all() if r.state == CommentRound.State.OPEN), None)
    return render(
        request,
        "deliverables/deliverable_detail.html",
        {
            "deliverable": deliverable,
            "versions": versions,
            "rapporteurs": list(deliverable.rapporteurs.all()),
            "rounds": list(deliverable.rounds.all()),
            "votes": list(deliverable.votes.all()),
            "open_round": open_round,
            "adoption": selectors.carried_vote(deliverable),
            "can_see_rounds": user.has_perm("deliverables.view_round", deliverable),
            "can_manage": can_manage,
            "can_write": can_write
            and deliverable.state in (Deliverable.State.DRAFTING, Deliverable.State.IN_COMMENT_ROUND),
            "rapporteur_form": forms.RapporteurForm(group=deliverable.group)
            if can_manage and not deliverable.is_adopted
            else None,
            "round_form": forms.RoundForm(deliverable=deliverable) if can_write and drafting and versions else None,
            "can_put_to_vote": drafting and versions and user.has_perm("deliverables.put_to_vote", deliverable),
            "can_acknowledge": deliverable.state == Deliverable.State.ADOPTED
            and user.has_perm("deliverables.acknowledge", deliverable),
            "statement_forms": _statement_forms(request, deliverable),
            "can_publish": deliverable.state == Deliverable.State.ACKNOWLEDGED
            and deliverable.visibility == Deliverable.Visibility.PUBLIC
            and user.has_perm("deliverables.publish", deliverable),
        },
    )


@login_required
@require_POST
def rapporteur_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_or_404(request, pk, "deliverables.manage_deliverable")
    form = forms.RapporteurForm(request.POST, group=deliverable.group)
    if not form.is_valid():
        messages.error(request, _("Choose a representative on the group's roster."))
        return redirect("deliverables:detail", pk=deliverable.pk)
    entry = form.cleaned_data["entry"]
    return perform(
        request,
        lambda: services.name_rapporteur(deliverable=deliverable, user=entry.user, by=request.user),
        success=_("%(person)s is a rapporteur.") % {"person": entry.user.display_name},
        redirect_to=deliverable.get_absolute_url(),
    )


@login_required
@require_POST
def acknowledge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_or_404(request, pk, "deliverables.acknowledge")
    return perform(
        request,
        lambda: services.acknowledge(deliverable=deliverable, by=request.user),
        success=_("Receipt of the adopted deliverable is acknowledged."),
        redirect_to=deliverable.get_absolute_url(),
    )


@login_required
@require_POST
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_or_404(request, pk, "deliverables.publish")
    return perform(
        request,
        lambda: services.publish(deliverable=deliverable, by=request.user),
        success=_("The deliverable is published on the alliance's public page."),
        redirect_to=deliverable.get_absolute_url(),
    )


def _statement_forms(request: HttpRequest, deliverable: Deliverable) -> list:
    """While the vote is open: a statement form for each organisation the user votes for that voted against."""
    if deliverable.state != Deliverable.State.PUT_TO_VOTE:
        return []
    vote = deliverable.votes.order_by("-put_at").first()
    if vote is None or not vote.ballot.is_open:
        return []
    against = selectors.organisations_against(vote, request.user)
    existing = {s.organisation_id: s.text for s in vote.minority_statements.all()}
    return [
        (vote, organisation, forms.MinorityStatementForm(initial={"text": existing.get(organisation.pk, "")}))
        for organisation in against
    ]
