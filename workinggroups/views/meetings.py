"""Meetings: schedule and edit, the meeting page, invitations, ad-hoc invitees, attendance, minutes, documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import require_permission_or_404
from common.page_cache import personal_page
from common.views import paginate, perform
from documents.pdf import render_pdf
from documents.responses import pdf_download
from workinggroups import forms, selectors, services
from workinggroups.ics import meeting_ics
from workinggroups.models import Meeting, MeetingDocument, MeetingResponse, RosterEntry
from workinggroups.views._shared import PAGE, AuthenticatedRequest, group_or_404, meeting_or_404, sees_everything

# Invitees listed per page on their own page (the meeting page only counts them).
INVITEES_PAGE = 50


def _back(meeting: Meeting) -> str:
    return reverse("workinggroups:meeting", args=[meeting.pk])


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "workinggroups.manage_roster")
    require_permission_or_404(request.user, "workinggroups.manage_meeting", group)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.schedule_meeting(group=group, by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting is scheduled. Send the invitations when it is ready."))
        return redirect("workinggroups:meeting", pk=meeting.pk)
    return render(request, "workinggroups/meeting_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    form = forms.MeetingForm(request.POST or None, initial=forms.MeetingForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        return perform(
            request,
            lambda: services.update_meeting(meeting=meeting, by=request.user, **form.cleaned_data),
            success=_("The meeting is saved; invitees hear of the change."),
            redirect_to=_back(meeting),
        )
    return render(
        request, "workinggroups/meeting_form.html", {"form": form, "group": meeting.group, "meeting": meeting}
    )


def _attendance(meeting: Meeting) -> tuple[list[RosterEntry], set[int]]:
    invitees = list(selectors.invitees(meeting))
    return invitees, selectors.present_user_ids(meeting)


@login_required
@require_safe
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The meetings the person may attend (the secretariat: all), coming ones first, each with their answer."""
    coming, past = selectors.coming_and_past(
        selectors.meetings_visible_to(request.user, everything=sees_everything(request.user))
    )
    return render(
        request,
        "workinggroups/meeting_list.html",
        {"coming": coming, "past_page": paginate(request, past, per_page=PAGE)},
    )


def _answer_context(request: AuthenticatedRequest, meeting: Meeting) -> dict[str, object]:
    user = request.user
    invited = selectors.invitees(meeting).filter(user=user).exists()
    open_for_answers = invited and not meeting.is_cancelled and timezone.now() < meeting.ends_at
    mine = selectors.answers(meeting, user_ids=[user.pk]).get(user.pk)
    return {
        "my_answer": MeetingResponse.Answer(mine).label if mine else None,
        "answer_form": forms.AnswerForm(initial={"answer": mine}) if open_for_answers else None,
    }


def _render_detail(
    request: AuthenticatedRequest, meeting: Meeting, *, failed: dict[str, object] | None = None
) -> HttpResponse:
    """The meeting page; `failed` puts a form that failed back in its place, with its errors (status 400).

    The invitees are counted here, not listed: a roster of hundreds is listed on its own page (paginated), and
    the attendance and the ad-hoc invitation, each a form over hundreds of people, have pages of their own.
    """
    user = request.user
    can_manage = user.has_perm("workinggroups.manage_meeting", meeting)
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "documents": meeting.documents.all(),
        "can_view_group": user.has_perm("workinggroups.view_workinggroup", meeting.group),
        "can_view_ballots": user.has_perm("workinggroups.view_ballot", meeting.group),
        **_answer_context(request, meeting),
    }
    if can_manage:
        context |= {
            "summary": selectors.invitee_summary(meeting),
            "minutes_form": forms.MinutesForm(initial={"minutes": meeting.minutes}),
            "document_form": forms.DocumentForm(),
            "cancel_form": forms.RequiredReasonForm(),
        }
    context |= {**(failed or {}), "has_errors": bool(failed)}
    return render(request, "workinggroups/meeting_detail.html", context, status=400 if failed else 200)


@login_required
@require_safe
def meeting_invitees(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's invitees, a page at a time: answers, presence, and the withdrawal of ad-hoc invitations."""
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    page = paginate(request, selectors.invitees(meeting), per_page=INVITEES_PAGE)
    entries = list(page.object_list)
    user_ids = [entry.user_id for entry in entries]
    answers = selectors.answers(meeting, user_ids=user_ids)
    labels = dict(MeetingResponse.Answer.choices)
    for entry in entries:
        entry.answer_label = labels.get(answers.get(entry.user_id, ""), "")
    return render(
        request,
        "workinggroups/meeting_invitees.html",
        {
            "meeting": meeting,
            "page_obj": page,
            "invitees": entries,
            "present": selectors.present_user_ids(meeting, user_ids=user_ids),
            "attendance_recorded": meeting.attendance.exists(),
            "summary": selectors.invitee_summary(meeting),
        },
    )


@login_required
@require_safe
@personal_page
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, meeting_or_404(request, pk))


@login_required
@require_POST
def meeting_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    return perform(
        request,
        lambda: services.send_invitations(meeting=meeting, by=request.user),
        success=_("The invitations are on their way, each with a calendar file."),
        redirect_to=_back(meeting),
    )


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    form = forms.RequiredReasonForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, failed={"cancel_form": form})
    return perform(
        request,
        lambda: services.cancel_meeting(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]),
        success=_("The meeting is cancelled."),
        redirect_to=_back(meeting),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_ad_hoc(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    form = forms.AdHocInviteeForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        return perform(
            request,
            lambda: services.add_roster_entry(
                group=meeting.group,
                organisation=person.organisation,
                user=person.user,
                role=RosterEntry.Role.AD_HOC_INVITEE,
                meeting=meeting,
                by=request.user,
            ),
            success=_("%(person)s is invited to this meeting.") % {"person": person.user.display_name},
            redirect_to=_back(meeting),
        )
    return render(
        request,
        "workinggroups/meeting_ad_hoc.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def meeting_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = forms.AnswerForm(request.POST)
    back = reverse("workinggroups:meetings") if request.POST.get("next") == "list" else _back(meeting)
    if not form.is_valid():
        return _render_detail(request, meeting, failed={"answer_form": form})
    return perform(
        request,
        lambda: services.answer_invitation(meeting=meeting, by=request.user, answer=form.cleaned_data["answer"]),
        success=_("Thank you: your answer is recorded. You may change it until the meeting."),
        redirect_to=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who was present: one box per invitee, ticked from the record, or else from the answers "attending"."""
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    invitees, present = _attendance(meeting)
    answers = selectors.answers(meeting)
    if request.method == "POST":
        form = forms.AttendanceForm(request.POST, invitees=invitees, answers=answers)
        if form.is_valid():
            services.record_attendance(meeting=meeting, by=request.user, present_user_ids=form.cleaned_data["present"])
            messages.success(request, _("The attendance is recorded."))
            return redirect(_back(meeting))
    else:
        recorded = meeting.attendance.exists()
        ticked = present if recorded else {pk for pk, answer in answers.items() if answer == "attending"}
        form = forms.AttendanceForm(invitees=invitees, answers=answers, initial={"present": [str(pk) for pk in ticked]})
    return render(
        request,
        "workinggroups/meeting_attendance.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """POST saves the minutes; GET (a link from the home page, "minutes to publish") leads to their form."""
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    if request.method == "GET":
        return redirect(f"{_back(meeting)}#minutes")
    form = forms.MinutesForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, failed={"minutes_form": form})
    return perform(
        request,
        lambda: services.save_minutes(meeting=meeting, by=request.user, **form.cleaned_data),
        success=_("The minutes are saved. They reach the group once approved."),
        redirect_to=_back(meeting),
    )


@login_required
@require_POST
def meeting_document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, meeting, failed={"document_form": form})
    return perform(
        request,
        lambda: services.upload_document(
            meeting=meeting, by=request.user, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"]
        ),
        success=_("The document is uploaded."),
        redirect_to=_back(meeting),
    )


@login_required
@require_safe
def document_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    require_permission_or_404(request.user, "workinggroups.view_meeting", document.meeting)
    return pdf_download(document.file, f"{document.title[:80]}.pdf")


@login_required
@require_safe
def meeting_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    response = HttpResponse(
        meeting_ics(meeting, cancelled=meeting.state == Meeting.State.CANCELLED), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@login_required
@require_safe
def attendance_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.manage_meeting")
    invitees, present = _attendance(meeting)
    pdf = render_pdf(
        "workinggroups/pdf/attendance_sheet.html",
        {
            "meeting": meeting,
            "invitees": invitees,
            "present": present,
            "apologies": selectors.apologies_user_ids(meeting),
            "recorded": meeting.attendance.exists(),
        },
        record=False,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attendance-{meeting.pk}.pdf"'
    return response
