"""The minutes page of a meeting: draft from the record, complete, approve, publish (see workinggroups.minutes)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.views import perform
from workinggroups import forms, minutes
from workinggroups.models import Meeting
from workinggroups.views._shared import AuthenticatedRequest, meeting_or_404, shown_as_refusal


def _run(request: AuthenticatedRequest, meeting: Meeting, action: Callable[[], Any], success: str) -> HttpResponse:
    return perform(
        request,
        shown_as_refusal(action),
        success=success,
        redirect_to=reverse("workinggroups:minutes", args=[meeting.pk]),
    )


@login_required
@require_safe
def minutes_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    can_write = request.user.has_perm("workinggroups.write_minutes", meeting)
    editable = can_write and meeting.minutes_approved_at is None and bool(meeting.minutes)
    return render(
        request,
        "workinggroups/minutes.html",
        {
            "meeting": meeting,
            "can_write": can_write,
            "show_text": can_write or meeting.minutes_published_at is not None,
            "text_form": forms.MinutesTextForm(initial={"minutes": meeting.minutes}) if editable else None,
            "approval_form": forms.MinutesApprovalForm() if editable else None,
        },
    )


@login_required
@require_POST
def minutes_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.write_minutes")
    return _run(
        request,
        meeting,
        lambda: minutes.start_minutes(meeting=meeting, by=request.user),
        _("The draft minutes are written from the record. Complete them."),
    )


@login_required
@require_POST
def minutes_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.write_minutes")
    form = forms.MinutesTextForm(request.POST)
    text = form.cleaned_data["minutes"] if form.is_valid() else ""
    return _run(
        request,
        meeting,
        lambda: minutes.complete_minutes(meeting=meeting, by=request.user, minutes=text),
        _("The minutes are saved."),
    )


@login_required
@require_POST
def minutes_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.write_minutes")
    form = forms.MinutesApprovalForm(request.POST)
    procedure = form.cleaned_data["procedure"] if form.is_valid() else ""
    return _run(
        request,
        meeting,
        lambda: minutes.approve_minutes(meeting=meeting, by=request.user, procedure=procedure),
        _("The minutes are approved."),
    )


@login_required
@require_POST
def minutes_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, "workinggroups.write_minutes")
    return _run(
        request,
        meeting,
        lambda: minutes.publish_minutes(meeting=meeting, by=request.user),
        _("The minutes are published to the group."),
    )
