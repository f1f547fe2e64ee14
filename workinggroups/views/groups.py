"""Working groups: the list, a group's page, its roster (add, change, remove, CSV) and requests to join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import require_permission_or_404
from common.csv_export import csv_response
from common.page_cache import personal_page
from common.views import paginate, perform
from documents.pdf import render_pdf
from workinggroups import exporters, forms, selectors, services
from workinggroups.models import JoinRequest, RosterEntry, WorkingGroup
from workinggroups.views._shared import PAGE, AuthenticatedRequest, group_or_404, sees_everything, shown_as_refusal


@login_required
@require_safe
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    everything = sees_everything(user)
    return render(
        request,
        "workinggroups/group_list.html",
        {
            "groups": selectors.groups_visible_to(user, everything=everything),
            "my_group_ids": selectors.permanent_group_ids_of(user),
            "can_propose": user.has_perm("workinggroups.propose_group"),
            "can_see_proposals": everything or user.has_perm("workinggroups.propose_group"),
        },
    )


def _join_context(request: AuthenticatedRequest, group: WorkingGroup, *, on_roster: bool) -> dict[str, object]:
    user = request.user
    if on_roster or not user.has_perm("workinggroups.request_to_join", group):
        return {"join_form": None}
    pending = group.join_requests.filter(user=user, state=JoinRequest.State.PENDING).exists()
    return {
        "join_pending": pending,
        "join_form": None if pending else forms.JoinRequestForm(group=group, user=user),
    }


def _render_group(
    request: AuthenticatedRequest, group: WorkingGroup, *, failed: dict[str, object] | None = None
) -> HttpResponse:
    """The group's page; `failed` puts a form that failed back in its place, with its errors (status 400)."""
    user = request.user
    can_manage = user.has_perm("workinggroups.manage_roster", group)
    on_roster = group.pk in selectors.permanent_group_ids_of(user)
    roster_page = paginate(request, selectors.roster(group), per_page=PAGE)
    coming, past = selectors.coming_and_past(selectors.meetings_of(group))
    for entry in roster_page:
        entry.vote_status = selectors.vote_status(entry)
    context = {
        "group": group,
        "roster_page": roster_page,
        "co_chairs": selectors.co_chairs(group),
        "can_manage": can_manage,
        "can_export": user.has_perm("workinggroups.export_roster", group),
        "can_view_meetings": can_manage or on_roster or user.has_perm("memberships.export_register"),
        "can_view_ballots": user.has_perm("workinggroups.view_ballot", group),
        "can_manage_ballots": user.has_perm("workinggroups.manage_ballot", group),
        "coming_meetings": coming[:10],
        "past_meetings": past[:5],
        "ad_hoc": selectors.upcoming_ad_hoc_invitees(group) if can_manage else (),
        "ballots": selectors.ballots_of(group)[:10],
        "join_requests": selectors.pending_join_requests(group) if can_manage else (),
        **_join_context(request, group, on_roster=on_roster),
    }
    context |= {**(failed or {}), "has_errors": bool(failed)}
    return render(request, "workinggroups/group_detail.html", context, status=400 if failed else 200)


@login_required
@require_safe
@personal_page
def group_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_group(request, group_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def roster_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Its own page: the choice of a person among the members' people is long (the group's page stays light)."""
    group = group_or_404(request, pk, "workinggroups.manage_roster")
    form = forms.RosterEntryForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        return perform(
            request,
            lambda: services.add_roster_entry(
                group=group,
                organisation=person.organisation,
                user=person.user,
                role=form.cleaned_data["role"],
                by=request.user,
            ),
            success=_("%(person)s is on the roster.") % {"person": person.user.display_name},
            redirect_to=reverse("workinggroups:detail", args=[group.pk]),
        )
    return render(
        request, "workinggroups/roster_add.html", {"group": group, "form": form}, status=400 if form.errors else 200
    )


def _entry(request: AuthenticatedRequest, pk: int) -> RosterEntry:
    entry = get_object_or_404(RosterEntry.objects.select_related("group", "user", "organisation"), pk=pk)
    require_permission_or_404(request.user, "workinggroups.manage_roster", entry.group)
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def roster_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = forms.RoleForm(request.POST or None, initial={"role": entry.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_roster_role(entry=entry, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("The role is changed."))
            return redirect("workinggroups:detail", pk=entry.group_id)
    return render(request, "workinggroups/roster_edit.html", {"entry": entry, "form": form})


@login_required
@require_POST
def roster_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    target = (
        reverse("workinggroups:meeting", args=[entry.meeting_id])
        if entry.meeting_id
        else reverse("workinggroups:detail", args=[entry.group_id])
    )
    return perform(
        request,
        lambda: services.remove_roster_entry(entry=entry, by=request.user, reason=request.POST.get("reason", "")),
        success=_("%(person)s is off the roster.") % {"person": entry.user.display_name},
        redirect_to=target,
    )


@login_required
@require_safe
def roster_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "workinggroups.export_roster")
    return csv_response(f"roster-{group.slug}.csv", exporters.roster_header(), exporters.roster_rows(group))


@login_required
@require_safe
def roster_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The roster as printed: whoever sees the group's page sees its roster."""
    group = group_or_404(request, pk)
    pdf = render_pdf(
        "workinggroups/pdf/roster.html",
        {"group": group, "header": exporters.roster_header(), "rows": list(exporters.roster_rows(group))},
        record=False,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="roster-{group.slug}.pdf"'
    return response


@login_required
@require_POST
def join_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "workinggroups.request_to_join")
    form = forms.JoinRequestForm(request.POST, group=group, user=request.user)
    if not form.is_valid():
        return _render_group(request, group, failed={"join_form": form})
    return perform(
        request,
        shown_as_refusal(
            lambda: services.request_to_join(
                group=group,
                organisation=form.cleaned_data["organisation"],
                user=request.user,
                motivation=form.cleaned_data["motivation"],
            )
        ),
        success=_("Your request to join is with the secretariat."),
        redirect_to=reverse("workinggroups:detail", args=[group.pk]),
    )


@login_required
@require_POST
def join_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    join = get_object_or_404(JoinRequest.objects.select_related("group"), pk=pk)
    require_permission_or_404(request.user, "workinggroups.manage_roster", join.group)
    return perform(
        request,
        lambda: services.decide_join_request(
            join_request=join,
            accept=request.POST.get("decision") == "accept",
            by=request.user,
            reason=request.POST.get("reason", ""),
        ),
        success=_("The request is decided."),
        redirect_to=reverse("workinggroups:detail", args=[join.group_id]),
    )
