"""The review queue: the list, balancing an alliance's assignments, and the CSV export."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import require_permission_or_404
from common.csv_export import csv_streaming_response
from common.page_cache import personal_page
from common.views import paginate
from reviews import exporters, selectors, services
from reviews.forms import BalanceForm
from reviews.models import Review
from reviews.views.base import AuthenticatedRequest, queue_filters


@login_required
@personal_page
def queue(request: AuthenticatedRequest) -> HttpResponse:
    require_permission_or_404(request.user, "reviews.view_queue")
    form, filters = queue_filters(request)
    # The page is chosen among bare ids (an index range however late the page), then only its rows are read.
    ids = selectors.queue(request.user, filters=filters).values_list("pk", flat=True)
    page = paginate(request, ids, per_page=settings.PAGINATE_BY)
    can_see_assignments = request.user.has_perm("reviews.view_assignments", None)
    rows = [
        {"row": row, "part": _part(row, request.user, can_see_assignments=can_see_assignments)}
        for row in selectors.queue_rows(list(page.object_list))
    ]
    query = {key: value for key, value in request.GET.dict().items() if key != "page" and value}
    return render(
        request,
        "reviews/queue.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "query_string": urlencode(query),
            "can_see_assignments": can_see_assignments,
            "can_export": request.user.has_perm("reviews.export_queue"),
            "balance_form": BalanceForm(prefix="balance")
            if request.user.has_perm("reviews.balance_assignments")
            else None,
        },
    )


def _part(row: selectors.QueueRow, user: User, *, can_see_assignments: bool) -> str:
    """The row's reviewers (or the user's own part) in words, written here rather than in template loops."""
    if can_see_assignments:
        names = ", ".join(
            f"{a.reviewer_name} ({_('conflict')})"
            if a.conflicted
            else f"{a.reviewer_name} ({_('to declare')})"
            if not a.declared
            else a.reviewer_name
            for a in row.assignments
        )
        return names or "—"
    own = next((a for a in row.assignments if a.reviewer_id == user.pk), None)
    if own is None:
        return ""
    if own.conflicted:
        return _("Conflict declared")
    if not own.declared:
        return _("Declare conflicts first")
    return _("Submitted") if own.review_status == Review.Status.SUBMITTED else _("To review")


def _in_language(rows: Iterable[Any], language: str | None) -> Iterator[Any]:
    """The rows, built in the request's language even when the server streams them after the view returned."""
    with translation.override(language):
        yield from rows


@login_required
def export_csv(request: AuthenticatedRequest) -> StreamingHttpResponse:
    """The queue with its scores, for decision makers (the secretariat never sees scores), streamed."""
    require_permission_or_404(request.user, "reviews.export_queue")
    _form, filters = queue_filters(request)
    applications = exporters.queue_for_export(request.user, filters=filters)
    codes = exporters.criterion_codes(applications)
    rows = exporters.queue_rows(request.user, applications, codes)
    return csv_streaming_response(
        f"review-queue-{timezone.localdate():%Y-%m-%d}.csv",
        exporters.queue_header(codes),
        _in_language(rows, translation.get_language()),
    )


@login_required
@require_POST
def balance(request: AuthenticatedRequest) -> HttpResponse:
    require_permission_or_404(request.user, "reviews.balance_assignments")
    form = BalanceForm(request.POST, prefix="balance")
    if not form.is_valid():
        messages.error(request, _("Choose an alliance."))
        return redirect("reviews:queue")
    created, short = services.balance(alliance=form.cleaned_data["alliance"], by=request.user)
    messages.success(request, _("%(n)d assignments made.") % {"n": len(created)})
    if short:
        messages.warning(
            request,
            _("Not enough available reviewers for: %(refs)s.") % {"refs": ", ".join(a.reference for a in short)},
        )
    return redirect("reviews:queue")
