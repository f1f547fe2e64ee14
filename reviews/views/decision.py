"""The decision page, the decision letter, and the application's audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import get_object_or_404_unless_permitted, require_permission_or_404
from applications.models import Application
from audit.selectors import entries_for
from common.page_cache import personal_page
from common.views import paginate
from documents.responses import pdf_download
from reviews import selectors, services
from reviews.forms import DecisionForm
from reviews.models import Decision
from reviews.views.base import AuthenticatedRequest, application_or_404

AUDIT_PER_PAGE = 100


@login_required
@require_http_methods(["GET", "POST"])
@personal_page
def decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    require_permission_or_404(request.user, "reviews.view_decision_page", application)
    summary = selectors.summarise(application)
    existing = Decision.objects.filter(application=application).select_related("decided_by").first()
    form = None
    if existing is None and request.user.has_perm("reviews.decide", application):
        form = DecisionForm(request.POST or None, summary=summary)
        if request.method == "POST" and form.is_valid() and _decide(request, application, form):
            messages.success(request, _("The decision is recorded and the applicant informed."))
            return redirect("reviews:decision", pk=application.pk)
    elif request.method == "POST":
        messages.error(request, _("This application cannot be decided (now)."))
        return redirect("reviews:decision", pk=application.pk)
    return render(
        request,
        "reviews/decision.html",
        {"application": application, "summary": summary, "form": form, "decision": existing},
    )


def _decide(request: AuthenticatedRequest, application: Application, form: DecisionForm) -> bool:
    """Record the decision; False with the service's refusal on the form."""
    try:
        services.decide(
            application=application,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            justification=form.cleaned_data["justification"],
            evaluation_summary=form.evaluation_summary(),
            reason_without_all_reviews=form.cleaned_data["reason_without_all_reviews"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def audit_trail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every step recorded on the application, labelled in the reader's language (AuditEntry.action_label)."""
    application = get_object_or_404_unless_permitted(
        request.user, Application.objects.select_related("organisation", "alliance"), "reviews.view_audit_trail", pk=pk
    )
    page = paginate(request, entries_for(application).order_by("created_at", "id"), per_page=AUDIT_PER_PAGE)
    states = dict(Application.State.choices)
    rows = [
        (entry, states.get(entry.from_state, entry.from_state), states.get(entry.to_state, entry.to_state))
        for entry in page.object_list
    ]
    return render(request, "reviews/audit.html", {"application": application, "page_obj": page, "rows": rows})


@login_required
def decision_letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404_unless_permitted(
        request.user,
        Decision.objects.select_related("application__organisation"),
        "reviews.download_decision_letter",
        pk=pk,
    )
    if not decision.letter_ready:
        raise Http404
    return pdf_download(decision.letter, f"decision-{decision.application.reference}.pdf")
