from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries

from accounts.models import User
from accounts.permissions import get_object_or_404_unless_permitted, require_permission_or_404
from alliances.models import Alliance
from audit.models import AuditEntry
from audit.selectors import entries_for
from common.csv_export import csv_response
from common.page_cache import personal_page, public_page
from common.views import paginate, perform
from memberships import exporters, selectors, services
from memberships.forms import DirectoryFilterForm, RepresentativeForm, StateChangeForm
from memberships.models import MemberRepresentative, Membership
from organisations.vocabulary import OrganisationType


class AuthenticatedRequest(HttpRequest):
    """A request `login_required` let through: its user is a signed-in person (for the type checker)."""

    user: User


@require_safe
@public_page
def public_list(request: HttpRequest) -> HttpResponse:
    """The admitted members of each alliance, as the Commission publishes them: name, country, type."""
    types = dict(OrganisationType.choices)
    alliances = [
        (
            alliance,
            [
                {
                    "name": row["organisation__legal_name"],
                    "country": countries.name(row["organisation__country"]) or row["organisation__country"],
                    "type": types.get(row["organisation__organisation_type"], row["organisation__organisation_type"]),
                }
                for row in selectors.public_member_list(alliance)
            ],
        )
        for alliance in Alliance.objects.order_by("name")
    ]
    return render(request, "memberships/public_list.html", {"alliances": alliances})


def _is_staff(user: User) -> bool:
    return user.has_perm("memberships.export_register")


def _directory_queryset(request: AuthenticatedRequest) -> tuple[DirectoryFilterForm, QuerySet[Membership]]:
    form = DirectoryFilterForm(request.GET or None)
    alliance = state = None
    if form.is_valid():
        alliance = form.cleaned_data["alliance"]
        state = form.cleaned_data["state"]
    if not _is_staff(request.user):
        # Members see the alliance's active members; the register's other states are for staff.
        state = Membership.State.ACTIVE
    return form, selectors.directory(alliance=alliance, state=state)


@login_required
@require_safe
@personal_page
def directory(request: AuthenticatedRequest) -> HttpResponse:
    require_permission_or_404(request.user, "memberships.view_directory")
    form, queryset = _directory_queryset(request)
    page = paginate(request, queryset, per_page=20)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "memberships/directory.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": query.urlencode(),
            "is_staff": _is_staff(request.user),
            "own_memberships": selectors.memberships_of(request.user),
        },
    )


@login_required
@require_safe
def export_csv(request: AuthenticatedRequest) -> HttpResponse:
    require_permission_or_404(request.user, "memberships.export_register")
    _form, queryset = _directory_queryset(request)
    return csv_response(
        f"members-{timezone.localdate():%Y-%m-%d}.csv", exporters.register_header(), exporters.register_rows(queryset)
    )


def _history(membership: Membership) -> list[AuditEntry]:
    """The membership's audit trail as a person reads it: action labels and state labels, never codes."""
    states = dict(Membership.State.choices)
    entries = list(entries_for(membership))
    for entry in entries:
        entry.from_label = states.get(entry.from_state, entry.from_state)
        entry.to_label = states.get(entry.to_state, entry.to_state)
    return entries


@login_required
@require_safe
def membership_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404_unless_permitted(
        request.user,
        Membership.objects.select_related("organisation", "alliance"),
        "memberships.view_membership",
        pk=pk,
    )
    can_change = request.user.has_perm("memberships.change_membership_state", membership)
    can_name = request.user.has_perm("memberships.name_representative", membership)
    return render(
        request,
        "memberships/detail.html",
        {
            "membership": membership,
            "representatives": selectors.representatives_of(membership),
            "history": _history(membership),
            "state_form": StateChangeForm(membership=membership) if can_change else None,
            "representative_form": RepresentativeForm(membership=membership) if can_name else None,
            "can_name": can_name,
        },
    )


@login_required
@require_POST
def change_state(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404_unless_permitted(
        request.user, Membership.objects.all(), "memberships.change_membership_state", pk=pk
    )
    form = StateChangeForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, _("Choose the new state and give the reason."))
        return redirect("memberships:detail", pk=membership.pk)
    return perform(
        request,
        lambda: services.change_state(
            membership=membership,
            to_state=form.cleaned_data["to_state"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success=_("The membership is now %(state)s.")
        % {"state": Membership.State(form.cleaned_data["to_state"]).label.lower()},
        redirect_to=reverse("memberships:detail", args=[membership.pk]),
    )


@login_required
@require_POST
def name_representative(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404_unless_permitted(
        request.user, Membership.objects.all(), "memberships.name_representative", pk=pk
    )
    form = RepresentativeForm(request.POST, membership=membership)
    if not form.is_valid():
        return redirect("memberships:detail", pk=membership.pk)
    return perform(
        request,
        lambda: services.name_representative(membership=membership, user=form.cleaned_data["user"], by=request.user),
        success=_("The representative is named."),
        redirect_to=reverse("memberships:detail", args=[membership.pk]),
    )


@login_required
@require_POST
def remove_representative(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    representative = get_object_or_404(MemberRepresentative.objects.select_related("membership", "user"), pk=pk)
    require_permission_or_404(request.user, "memberships.name_representative", representative.membership)
    return perform(
        request,
        lambda: services.remove_representative(representative=representative, by=request.user),
        success=_("The representative is removed."),
        redirect_to=reverse("memberships:detail", args=[representative.membership_id]),
    )
