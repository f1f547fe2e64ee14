from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import get_object_or_404_unless_permitted
from alliances.selectors import open_alliances
from applications import services
from applications.forms import StartApplicationForm, WithdrawForm
from applications.models import Application, SupportingDocument
from applications.selectors import (
    applicant_history,
    application_for_display,
    applications_of,
    missing_for_submission,
)
from applications.steps import step_classes, steps_for
from common.page_cache import personal_page
from common.views import error_text, paginate
from documents.responses import pdf_download
from organisations.selectors import organisations_of


@login_required
@personal_page
def dashboard(request):
    organisations = organisations_of(request.user)
    page = paginate(request, applications_of(request.user), per_page=20)
    return render(
        request,
        "applications/dashboard.html",
        {
            "page_obj": page,
            "applications": page.object_list,
            "organisations": organisations,
            "start_form": StartApplicationForm(organisations=organisations) if organisations else None,
            "alliances": open_alliances(),
        },
    )


@login_required
@require_POST
def start(request):
    organisations = organisations_of(request.user)
    form = StartApplicationForm(request.POST, organisations=organisations)
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations and an open alliance."))
        return redirect("applications:dashboard")
    try:
        application = services.start_application(
            organisation=form.cleaned_data["organisation"], alliance=form.cleaned_data["alliance"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("applications:dashboard")
    messages.success(request, _("Your application is started. Every step is saved as a draft."))
    return redirect("applications:step", pk=application.pk, step="organisation")


def _application(request, pk, perm):
    return get_object_or_404_unless_permitted(request.user, application_for_display(pk), perm, pk=pk)


@login_required
@personal_page
def detail(request, pk):
    application = _application(request, pk, "applications.view_application")
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "history": applicant_history(application),
            "missing": missing_for_submission(application) if application.is_editable else [],
            "can_withdraw": request.user.has_perm("applications.withdraw_application", application),
            # What the steps of the apps above show here (declarations: the signed Declaration).
            **{key: value for part in steps_for(application) for key, value in part.detail_context().items()},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, pk, step):
    if step not in {cls.slug for cls in step_classes()}:
        raise Http404
    application = get_object_or_404(application_for_display(pk), pk=pk)
    if not request.user.has_perm("applications.view_application", application):
        raise Http404
    if not application.is_editable:
        messages.info(request, _("This application has been submitted and can no longer be changed."))
        return redirect("applications:detail", pk=application.pk)
    flow = steps_for(application)
    current = next((candidate for candidate in flow if candidate.slug == step), None)
    if current is None:
        raise Http404
    context = current.post(request) if request.method == "POST" else current.get(request)
    if not isinstance(context, dict):
        return context
    context.update(
        {
            "application": application,
            "steps": [(candidate.slug, candidate.label, candidate.status()) for candidate in flow],
            "autosave": current.autosaves,
            "current_step": current.slug,
            "step_label": current.label,
            "next_step": current.next_slug,
            "previous_step": current.previous_slug,
        }
    )
    return render(request, current.template_name, context)


@login_required
@require_POST
def submit(request, pk):
    application = _application(request, pk, "applications.view_application")
    if not request.user.has_perm("applications.submit_application", application):
        messages.error(request, _("This application has already been submitted."))
        return redirect("applications:detail", pk=application.pk)
    try:
        services.submit(application=application, by=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return redirect("applications:step", pk=application.pk, step="submit")
    messages.success(request, _("Your application is submitted. A receipt is on its way by e-mail."))
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = _application(request, pk, "applications.view_application")
    if not request.user.has_perm("applications.withdraw_application", application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("applications:detail", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw(application=application, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The application is withdrawn."))
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@login_required
@require_POST
def remove_document(request, pk, document_pk):
    application = _application(request, pk, "applications.change_application")
    document = get_object_or_404(SupportingDocument, pk=document_pk, application=application)
    try:
        services.remove_document(document=document, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("“%(title)s” is removed.") % {"title": document.title})
    return redirect(reverse("applications:step", args=[application.pk, "documents"]))


@login_required
def download_document(request, pk, document_pk):
    application = get_object_or_404_unless_permitted(
        request.user, Application.objects.all(), "applications.view_application", pk=pk
    )
    document = get_object_or_404(SupportingDocument, pk=document_pk, application=application)
    return pdf_download(document.file, f"{document.title[:80]}.pdf")
