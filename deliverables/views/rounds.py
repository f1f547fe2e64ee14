"""Comment rounds: open, read and comment, invite, close, resolve, export the resolution table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.csv_export import csv_response
from common.views import error_text, perform
from deliverables import exporters, forms, rendering, selectors, services
from deliverables.views._common import AuthenticatedRequest, comment_or_404, deliverable_or_404, round_or_404


@login_required
@require_POST
def round_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_or_404(request, pk, "deliverables.open_round")
    form = forms.RoundForm(request.POST, deliverable=deliverable)
    if not form.is_valid():
        messages.error(request, _("Choose a version and a closing time."))
        return redirect(deliverable.get_absolute_url())
    try:
        comment_round = services.open_round(
            version=form.cleaned_data["version"], by=request.user, closes_at=form.cleaned_data["closes_at"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(deliverable.get_absolute_url())
    messages.success(request, _("The comment round is open; the group is told."))
    return redirect(comment_round.get_absolute_url())


@login_required
@require_safe
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment_round = round_or_404(request, pk)
    user = request.user
    version = comment_round.version
    comments = list(selectors.round_comments(comment_round))
    can_resolve = not comment_round.is_open and user.has_perm("deliverables.resolve_comment", comment_round)
    by_paragraph: dict = {}
    for comment in comments:
        by_paragraph.setdefault(comment.paragraph, []).append(comment)
    return render(
        request,
        "deliverables/round_detail.html",
        {
            "round": comment_round,
            "deliverable": comment_round.deliverable,
            "can_view_deliverable": user.has_perm("deliverables.view_deliverable", comment_round.deliverable),
            "version": version,
            "blocks": [] if version.is_pdf else rendering.blocks(version.text),
            "comments": comments,
            "comment_form": forms.CommentForm(version=version)
            if user.has_perm("deliverables.comment", comment_round)
            else None,
            "invite_form": forms.InviteForm()
            if comment_round.is_open and user.has_perm("deliverables.invite_to_round", comment_round)
            else None,
            "invitees": comment_round.invitees.select_related("user", "organisation"),
            "can_close": comment_round.is_open and user.has_perm("deliverables.close_round", comment_round),
            "resolve_forms": {c.pk: forms.ResolveForm(comment=c) for c in comments} if can_resolve else {},
        },
    )


@login_required
@require_POST
def round_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment_round = round_or_404(request, pk)
    form = forms.CommentForm(request.POST, version=comment_round.version)
    if not form.is_valid():
        messages.error(request, _("Write the comment and say what it is on."))
        return redirect(comment_round.get_absolute_url())

    def action():
        try:
            services.add_comment(
                comment_round=comment_round,
                by=request.user,
                text=form.cleaned_data["text"],
                paragraph=form.cleaned_data["paragraph"],
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error

    return perform(
        request, action, success=_("Your comment is recorded."), redirect_to=comment_round.get_absolute_url()
    )


@login_required
@require_POST
def round_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment_round = round_or_404(request, pk, "deliverables.invite_to_round")
    form = forms.InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("email") or [_("Give a valid e-mail.")]))
        return redirect(comment_round.get_absolute_url())
    return perform(
        request,
        lambda: services.invite_to_round(
            comment_round=comment_round,
            user=form.cleaned_data["user"],
            organisation=form.cleaned_data["organisation"],
            by=request.user,
        ),
        success=_("The person is invited to comment in this round."),
        redirect_to=comment_round.get_absolute_url(),
    )


@login_required
@require_POST
def round_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment_round = round_or_404(request, pk, "deliverables.close_round")
    return perform(
        request,
        lambda: services.close_round(comment_round=comment_round, by=request.user),
        success=_("The comment round is closed. Resolve each comment."),
        redirect_to=comment_round.get_absolute_url(),
    )


@login_required
@require_POST
def comment_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = comment_or_404(request, pk, "deliverables.resolve_comment")
    form = forms.ResolveForm(request.POST, comment=comment)
    if not form.is_valid():
        messages.error(request, _("Choose a resolution and write a reply."))
        return redirect(comment.round.get_absolute_url())
    return perform(
        request,
        lambda: services.resolve_comment(comment=comment, by=request.user, **form.cleaned_data),
        success=_("The comment is resolved."),
        redirect_to=f"{comment.round.get_absolute_url()}#comment-{comment.pk}",
    )


@login_required
@require_safe
def resolutions_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment_round = round_or_404(request, pk)
    return csv_response(
        f"resolutions-round-{comment_round.pk}.csv",
        exporters.resolution_header(),
        exporters.resolution_rows(comment_round),
    )


@login_required
@require_safe
def resolutions_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment_round = round_or_404(request, pk)
    response = HttpResponse(exporters.resolution_pdf(comment_round), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="resolutions-round-{comment_round.pk}.pdf"'
    return response
