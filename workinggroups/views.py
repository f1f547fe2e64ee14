from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import get_object_or_404_unless_permitted, require_permission_or_404
from common.csv_export import csv_response
from documents.pdf import render_pdf
from documents.responses import pdf_download
from organisations.models import Organisation
from organisations.selectors import organisation_ids_of
from workinggroups import forms, selectors, services
from workinggroups.ics import meeting_ics
from workinggroups.models import (
    Ballot,
    EligibleOrganisation,
    GroupProposal,
    JoinRequest,
    Meeting,
    MeetingDocument,
    Proxy,
    RosterEntry,
    WorkingGroup,
)

PAGE = 20


def _errors(error):
    return " ".join(getattr(error, "messages", None) or [str(error) or _("Not allowed.")])


def _page(request, queryset, per_page=PAGE, name="page"):
    return Paginator(queryset, per_page).get_page(request.GET.get(name))


def _group(request, pk, perm="workinggroups.view_workinggroup"):
    return get_object_or_404_unless_permitted(
        request.user, WorkingGroup.objects.select_related("alliance"), perm, pk=pk
    )


# ---------------------------------------------------------------------------------------------- groups


@login_required
@require_safe
def group_list(request):
    user = request.user
    everything = user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register")
    groups = selectors.groups_visible_to(user, everything=everything)
    return render(
        request,
        "workinggroups/group_list.html",
        {
            "groups": groups,
            "my_group_ids": selectors.permanent_group_ids_of(user),
            "can_propose": user.has_perm("workinggroups.propose_group"),
            "can_see_proposals": everything or user.has_perm("workinggroups.propose_group"),
        },
    )


@login_required
@require_safe
def group_detail(request, pk):
    group = _group(request, pk)
    user = request.user
    entries, voting_ids = selectors.roster(group)
    can_manage = user.has_perm("workinggroups.manage_roster", group)
    on_roster = group.pk in selectors.permanent_group_ids_of(user)
    context = {
        "group": group,
        "roster_page": _page(request, entries),
        "voting_ids": voting_ids,
        "co_chairs": selectors.co_chairs(group),
        "can_manage": can_manage,
        "can_export": user.has_perm("workinggroups.export_roster", group),
        "can_view_meetings": can_manage or on_roster or user.has_perm("memberships.export_register"),
        "can_view_ballots": user.has_perm("workinggroups.view_ballot", group),
        "can_manage_ballots": user.has_perm("workinggroups.manage_ballot", group),
        "meetings": selectors.meetings_of(group)[:10],
        "ad_hoc": selectors.upcoming_ad_hoc_invitees(group) if can_manage else (),
        "ballots": selectors.ballots_of(group)[:10],
        "roster_form": forms.RosterEntryForm(group=group) if can_manage else None,
        "join_requests": group.join_requests.filter(state=JoinRequest.State.PENDING).select_related(
            "user", "organisation"
        )
        if can_manage
        else (),
        "join_form": None,
    }
    if not on_roster and user.has_perm("workinggroups.request_to_join", group):
        pending = group.join_requests.filter(user=user, state=JoinRequest.State.PENDING).exists()
        context["join_pending"] = pending
        if not pending:
            context["join_form"] = forms.JoinRequestForm(group=group, user=user)
    return render(request, "workinggroups/group_detail.html", context)


@login_required
@require_POST
def roster_add(request, pk):
    group = _group(request, pk, "workinggroups.manage_roster")
    form = forms.RosterEntryForm(request.POST, group=group)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_roster_entry(
                group=group,
                organisation=person.organisation,
                user=person.user,
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("%(person)s is on the roster.") % {"person": person.user.display_name})
    else:
        messages.error(request, _("Choose a person and a role."))
    return redirect("workinggroups:detail", pk=group.pk)


def _entry(request, pk):
    entry = get_object_or_404(RosterEntry.objects.select_related("group", "user", "organisation"), pk=pk)
    require_permission_or_404(request.user, "workinggroups.manage_roster", entry.group)
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def roster_edit(request, pk):
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
def roster_remove(request, pk):
    entry = _entry(request, pk)
    target = (
        redirect("workinggroups:meeting", pk=entry.meeting_id)
        if entry.meeting_id
        else redirect("workinggroups:detail", pk=entry.group_id)
    )
    services.remove_roster_entry(entry=entry, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("%(person)s is off the roster.") % {"person": entry.user.display_name})
    return target


@login_required
@require_safe
def roster_csv(request, pk):
    group = _group(request, pk, "workinggroups.export_roster")
    entries, voting_ids = selectors.roster(group)
    header = ["organisation", "country", "person", "email", "role", "votes"]
    rows = (
        [
            entry.organisation.legal_name,
            entry.organisation.country.code,
            entry.user.display_name,
            entry.user.email,
            entry.role,
            "yes"
            if entry.organisation_id in voting_ids
            and entry.role in RosterEntry.VOTING_ROLES
            and entry.is_named_representative
            else "no",
        ]
        for entry in entries
    )
    return csv_response(f"roster-{group.slug}.csv", header, rows)


@login_required
@require_POST
def join_request(request, pk):
    group = _group(request, pk, "workinggroups.request_to_join")
    form = forms.JoinRequestForm(request.POST, group=group, user=request.user)
    if form.is_valid():
        try:
            services.request_to_join(
                group=group,
                organisation=form.cleaned_data["organisation"],
                user=request.user,
                motivation=form.cleaned_data["motivation"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your request to join is with the secretariat."))
    return redirect("workinggroups:detail", pk=group.pk)


@login_required
@require_POST
def join_decide(request, pk):
    join = get_object_or_404(JoinRequest.objects.select_related("group"), pk=pk)
    require_permission_or_404(request.user, "workinggroups.manage_roster", join.group)
    try:
        services.decide_join_request(
            join_request=join,
            accept=request.POST.get("decision") == "accept",
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The request is decided."))
    return redirect("workinggroups:detail", pk=join.group_id)


# -------------------------------------------------------------------------------------------- meetings


def _meeting(request, pk, perm="workinggroups.view_meeting"):
    meeting = get_object_or_404(Meeting.objects.select_related("group__alliance"), pk=pk)
    if not request.user.has_perm(perm, meeting):
        raise Http404
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    group = _group(request, pk, "workinggroups.manage_roster")
    require_permission_or_404(request.user, "workinggroups.manage_meeting", group)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.schedule_meeting(group=group, by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting is scheduled. Send the invitations when it is ready."))
        return redirect("workinggroups:meeting", pk=meeting.pk)
    return render(request, "workinggroups/meeting_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    form = forms.MeetingForm(request.POST or None, initial=forms.MeetingForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The meeting is saved; invitees hear of the change."))
            return redirect("workinggroups:meeting", pk=meeting.pk)
    return render(
        request, "workinggroups/meeting_form.html", {"form": form, "group": meeting.group, "meeting": meeting}
    )


@login_required
@require_safe
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    can_manage = request.user.has_perm("workinggroups.manage_meeting", meeting)
    invitees = list(selectors.invitees(meeting))
    present = set(meeting.attendance.filter(present=True).values_list("user_id", flat=True))
    return render(
        request,
        "workinggroups/meeting_detail.html",
        {
            "meeting": meeting,
            "can_manage": can_manage,
            "invitees": invitees,
            "present": present,
            "attendance_recorded": meeting.attendance.exists(),
            "documents": meeting.documents.all(),
            "attendance_form": forms.AttendanceForm(invitees=invitees, initial={"present": [str(pk) for pk in present]})
            if can_manage
            else None,
            "minutes_form": forms.MinutesForm(initial={"minutes": meeting.minutes}) if can_manage else None,
            "document_form": forms.DocumentForm() if can_manage else None,
            "ad_hoc_form": forms.AdHocInviteeForm(meeting=meeting) if can_manage else None,
            "cancel_form": forms.RequiredReasonForm() if can_manage else None,
            "can_view_ballots": request.user.has_perm("workinggroups.view_ballot", meeting.group),
        },
    )


@login_required
@require_POST
def meeting_invite(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    try:
        services.send_invitations(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The invitations are on their way, each with a calendar file."))
    return redirect("workinggroups:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    form = forms.RequiredReasonForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_meeting(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The meeting is cancelled."))
    else:
        messages.error(request, _("Give the reason for cancelling."))
    return redirect("workinggroups:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_ad_hoc(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    form = forms.AdHocInviteeForm(request.POST, meeting=meeting)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_roster_entry(
                group=meeting.group,
                organisation=person.organisation,
                user=person.user,
                role=RosterEntry.Role.AD_HOC_INVITEE,
                meeting=meeting,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, _("%(person)s is invited to this meeting.") % {"person": person.user.display_name}
            )
    return redirect("workinggroups:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    form = forms.AttendanceForm(request.POST, invitees=selectors.invitees(meeting))
    if form.is_valid():
        services.record_attendance(meeting=meeting, by=request.user, present_user_ids=form.cleaned_data["present"])
        messages.success(request, _("The attendance is recorded."))
    return redirect("workinggroups:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_minutes(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        services.save_minutes(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("The minutes are saved."))
    return redirect("workinggroups:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_document(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_document(
                meeting=meeting,
                by=request.user,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The document is uploaded."))
    else:
        messages.error(request, _("Give the document a title and choose a PDF file."))
    return redirect("workinggroups:meeting", pk=meeting.pk)


@login_required
@require_safe
def document_download(request, pk):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    require_permission_or_404(request.user, "workinggroups.view_meeting", document.meeting)
    return pdf_download(document.file, f"{document.title[:80]}.pdf")


@login_required
@require_safe
def meeting_calendar(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(
        meeting_ics(meeting, cancelled=meeting.state == Meeting.State.CANCELLED), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@login_required
@require_safe
def attendance_sheet(request, pk):
    meeting = _meeting(request, pk, "workinggroups.manage_meeting")
    invitees = list(selectors.invitees(meeting))
    present = set(meeting.attendance.filter(present=True).values_list("user_id", flat=True))
    pdf = render_pdf(
        "workinggroups/pdf/attendance_sheet.html",
        {"meeting": meeting, "invitees": invitees, "present": present, "recorded": meeting.attendance.exists()},
        record=False,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attendance-{meeting.pk}.pdf"'
    return response


# --------------------------------------------------------------------------------------------- ballots


def _ballot(request, pk, perm="workinggroups.view_ballot"):
    ballot = get_object_or_404(Ballot.objects.select_related("group__alliance", "meeting"), pk=pk)
    if not request.user.has_perm(perm, ballot):
        raise Http404
    return ballot


@login_required
@require_safe
def ballot_list(request):
    """The ballots of the groups the user is on (staff: all ballots)."""
    user = request.user
    if user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register"):
        from django.db.models import Count

        ballots = (
            Ballot.objects.select_related("group").annotate(taken_part=Count("cast_ballots")).order_by("-opens_at")
        )
    else:
        ballots = selectors.ballots_for_user(user)
    return render(request, "workinggroups/ballot_list.html", {"page_obj": _page(request, ballots)})


@login_required
@require_http_methods(["GET", "POST"])
def ballot_create(request, pk):
    group = _group(request, pk, "workinggroups.manage_ballot")
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


@login_required
@require_safe
def ballot_detail(request, pk):
    ballot = _ballot(request, pk)
    user = request.user
    accepting = ballot.is_open and not ballot.is_closing
    represented = selectors.represented_organisation_ids(user, ballot.group) if accepting else set()
    votable = selectors.votable_organisations(ballot, user, represented=represented)
    organisations = Organisation.objects.in_bulk([pk for pk, _holder in votable])
    existing = {
        cast.organisation_id: cast
        for cast in ballot.cast_ballots.filter(organisation_id__in=organisations.keys()).only(
            "organisation_id", "choice", "cast_at", "revision"
        )
    }
    vote_forms = [
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
    own_ids = {org_pk for org_pk, holder in votable if holder is None and org_pk not in existing}
    proxy_form = None
    if accepting and own_ids:
        eligible_ids = EligibleOrganisation.objects.filter(ballot=ballot).values("organisation_id")
        delegated = Proxy.objects.filter(ballot=ballot).values("organisation_id")
        proxy_form = forms.ProxyForm(
            own=Organisation.objects.filter(pk__in=own_ids).order_by("legal_name"),
            others=Organisation.objects.filter(pk__in=eligible_ids)
            .exclude(pk__in=own_ids)
            .exclude(pk__in=delegated)
            .order_by("legal_name"),
        )
    # A running count of a secret ballot would tell whoever watches it change who chose what: none is shown.
    # Of a named one, only to those the policy lets see it (the secretariat, never a voter).
    can_see_count = not ballot.is_secret and user.has_perm("workinggroups.view_running_count", ballot)
    show_result = ballot.is_closed or can_see_count
    can_close = ballot.is_open and user.has_perm("workinggroups.close_ballot", ballot)
    context = {
        "ballot": ballot,
        "vote_forms": vote_forms,
        "proxy_form": proxy_form,
        "can_see_count": can_see_count,
        "close_form": forms.ReasonForm() if can_close else None,
        "participation": _page(request, selectors.participation(ballot), per_page=50),
        "proxies": Proxy.objects.filter(ballot=ballot).select_related("organisation", "holder"),
        # The organisations that gave a proxy and that this person may take it back for.
        "revocable_ids": represented,
        "result": services.result_of(ballot) if show_result and ballot.state != Ballot.State.SCHEDULED else None,
        "my_organisation_ids": organisation_ids_of(user),
    }
    return render(request, "workinggroups/ballot_detail.html", context)


@login_required
@require_POST
def ballot_vote(request, pk):
    ballot = _ballot(request, pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    form = forms.VoteForm(request.POST, ballot=ballot, organisation=organisation)
    if form.is_valid():
        try:
            services.cast_vote(
                ballot=ballot, organisation=organisation, choice=form.cleaned_data["choice"], by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                _("The vote of %(org)s is recorded. You may change it until the ballot closes.")
                % {"org": organisation.legal_name},
            )
    else:
        messages.error(request, _("Choose an option."))
    return redirect("workinggroups:ballot", pk=ballot.pk)


@login_required
@require_POST
def ballot_proxy(request, pk):
    ballot = _ballot(request, pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    holder = get_object_or_404(Organisation, pk=request.POST.get("holder"))
    try:
        services.give_proxy(ballot=ballot, organisation=organisation, holder=holder, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, _("%(org)s gave its vote to %(holder)s.") % {"org": organisation.legal_name, "holder": holder}
        )
    return redirect("workinggroups:ballot", pk=ballot.pk)


@login_required
@require_POST
def ballot_proxy_revoke(request, pk):
    ballot = _ballot(request, pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    try:
        services.revoke_proxy(ballot=ballot, organisation=organisation, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, _("%(org)s took back its vote: you may cast it yourself.") % {"org": organisation.legal_name}
        )
    return redirect("workinggroups:ballot", pk=ballot.pk)


@login_required
@require_POST
def ballot_close(request, pk):
    ballot = _ballot(request, pk, "workinggroups.close_ballot")
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.close_ballot(ballot=ballot, by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The ballot is closed and its result published to the group."))
    return redirect("workinggroups:ballot", pk=ballot.pk)


@login_required
@require_safe
def ballot_result_pdf(request, pk):
    ballot = _ballot(request, pk)
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
def ballot_verify(request, pk):
    ballot = _ballot(request, pk)
    check = services.verify_chain(ballot)
    return render(
        request,
        "workinggroups/ballot_verify.html",
        {"ballot": ballot, "check": check},
        status=200 if check.intact else 409,
    )


# ------------------------------------------------------------------------------------------- proposals


@login_required
@require_safe
def proposal_list(request):
    user = request.user
    if user.has_perm("workinggroups.decide_proposal") or user.has_perm("memberships.export_register"):
        proposals = GroupProposal.objects.all()
    elif user.has_perm("workinggroups.propose_group"):
        proposals = GroupProposal.objects.filter(organisation_id__in=organisation_ids_of(user))
    else:
        raise Http404
    proposals = proposals.select_related("alliance", "organisation").order_by("-created_at")
    return render(
        request,
        "workinggroups/proposal_list.html",
        {"page_obj": _page(request, proposals), "can_propose": user.has_perm("workinggroups.propose_group")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
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
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Your proposal is with the Commission."))
            return redirect("workinggroups:proposal", pk=proposal.pk)
    return render(request, "workinggroups/proposal_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    proposal = get_object_or_404_unless_permitted(
        request.user,
        GroupProposal.objects.select_related("alliance", "organisation", "proposed_by", "group"),
        "workinggroups.view_proposal",
        pk=pk,
    )
    can_decide = request.user.has_perm("workinggroups.decide_proposal", proposal)
    form = forms.RequiredReasonForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if not can_decide:
            raise Http404
        if form.is_valid():
            try:
                services.decide_proposal(
                    proposal=proposal,
                    approve=request.POST.get("decision") == "approve",
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, _("The decision is recorded and the proposer told."))
                return redirect("workinggroups:proposal", pk=proposal.pk)
    return render(
        request,
        "workinggroups/proposal_detail.html",
        {"proposal": proposal, "form": form if proposal.state == GroupProposal.State.PENDING else None},
    )
