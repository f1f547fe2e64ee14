from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import get_object_or_404_unless_permitted
from common.views import error_text, perform
from organisations import services
from organisations.forms import InvitationForm, OrganisationForm
from organisations.models import Invitation, Organisation
from organisations.selectors import organisations_of, pending_invitations


def _eligibility_warning(request, organisation):
    if not organisation.has_eu_legal_representative:
        messages.error(
            request,
            _(
                "%(org)s is not eligible for membership: the Alliances admit only organisations with a legal "
                "representative in an EU member state, and its legal representative is in %(country)s."
            )
            % {"org": organisation.legal_name, "country": organisation.legal_representative_country.name},
        )


@login_required
def organisation_list(request):
    return render(request, "organisations/list.html", {"organisations": organisations_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(by=request.user, **form.cleaned_data)
        messages.success(request, _("The profile of %(org)s is saved.") % {"org": organisation.legal_name})
        _eligibility_warning(request, organisation)
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form})


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404_unless_permitted(
        request.user, Organisation.objects.all(), "organisations.view_organisation", pk=pk
    )
    can_invite = request.user.has_perm("organisations.invite_to_organisation", organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "pending_invitations": pending_invitations(organisation) if can_invite else [],
            "people": organisation.memberships_of_users.select_related("user").order_by("role", "user__email"),
            "alliance_memberships": organisation.alliance_memberships.select_related("alliance").order_by(
                "alliance__name"
            ),
            "can_invite": can_invite,
            "can_edit": request.user.has_perm("organisations.change_organisation", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = get_object_or_404_unless_permitted(
        request.user, Organisation.objects.all(), "organisations.change_organisation", pk=pk
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    # Where to go back to once saved (the application step that links here); only a path of this site.
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = ""
    if request.method == "POST" and form.is_valid():
        services.update_organisation(organisation=form.instance, by=request.user, changed_fields=form.changed_data)
        messages.success(request, _("The profile is saved."))
        _eligibility_warning(request, organisation)
        return redirect(back or reverse("organisations:detail", args=[organisation.pk]))
    if request.method == "POST":
        # Nothing typed correctly is lost to an invalid field elsewhere in the profile.
        valid = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
        if valid:
            services.save_valid_part_of_profile(
                organisation=Organisation.objects.get(pk=pk), by=request.user, fields=valid
            )
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation, "next": back})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_invite(request, pk):
    organisation = get_object_or_404_unless_permitted(
        request.user, Organisation.objects.all(), "organisations.invite_to_organisation", pk=pk
    )
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_editor(organisation=organisation, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/invite.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    organisation = get_object_or_404_unless_permitted(
        request.user, Organisation.objects.all(), "organisations.invite_to_organisation", pk=pk
    )
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    return perform(
        request,
        lambda: services.revoke_invitation(invitation=invitation, by=request.user),
        success=_("The invitation of %(email)s is revoked.") % {"email": invitation.email},
        redirect_to=reverse("organisations:detail", args=[organisation.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            organisation = services.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("applications:dashboard")
        messages.success(request, _("You now act for %(org)s.") % {"org": organisation.legal_name})
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/accept.html", {"invitation": invitation})
