from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import get_object_or_404_unless_permitted
from alliances.selectors import open_alliances
from applications import services
from applications.forms import (
    ActivitiesStepForm,
    CriteriaStepForm,
    DocumentForm,
    OrganisationStepForm,
    SignDeclarationForm,
    StartApplicationForm,
    WithdrawForm,
    WorkingGroupsStepForm,
)
from applications.models import Application, SupportingDocument
from applications.selectors import (
    application_for_display,
    applications_of,
    current_signature,
    missing_for_submission,
)
from audit.selectors import entries_for
from declarations import services as declaration_services
from declarations.selectors import current_declaration_version
from documents.responses import pdf_download
from organisations.forms import OrganisationForm
from organisations.selectors import organisations_of
from organisations.services import save_valid_part_of_profile, update_organisation

STEPS = [
    ("organisation", gettext_lazy("Organisation")),
    ("activities", gettext_lazy("Activities")),
    ("criteria", gettext_lazy("Eligibility criteria")),
    ("working-groups", gettext_lazy("Working groups")),
    ("documents", gettext_lazy("Documents")),
    ("declaration", gettext_lazy("Declaration")),
    ("submit", gettext_lazy("Check and submit")),
]
STEP_SLUGS = [slug for slug, _label in STEPS]


@login_required
def dashboard(request):
    organisations = organisations_of(request.user)
    page = Paginator(applications_of(request.user), 20).get_page(request.GET.get("page"))
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
        messages.error(request, " ".join(error.messages))
        return redirect("applications:dashboard")
    messages.success(request, _("Your application is started. Every step is saved as a draft."))
    return redirect("applications:step", pk=application.pk, step="organisation")


def _application(request, pk, perm):
    return get_object_or_404_unless_permitted(request.user, application_for_display(pk), perm, pk=pk)


@login_required
def detail(request, pk):
    application = _application(request, pk, "applications.view_application")
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "timeline": [
                (entry, Application.State(entry.to_state).label)
                for entry in entries_for(application).filter(action="application.state_changed")
            ],
            "signature": current_signature(application),
            "missing": missing_for_submission(application) if application.is_editable else [],
            "can_withdraw": request.user.has_perm("applications.withdraw_application", application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, pk, step):
    if step not in STEP_SLUGS:
        raise Http404
    application = get_object_or_404(application_for_display(pk), pk=pk)
    if not request.user.has_perm("applications.view_application", application):
        raise Http404
    if not application.is_editable:
        messages.info(request, _("This application has been submitted and can no longer be changed."))
        return redirect("applications:detail", pk=application.pk)
    handler = STEP_HANDLERS[step]
    context = handler(request, application)
    if not isinstance(context, dict):
        return context
    index = STEP_SLUGS.index(step)
    context.update(
        {
            "application": application,
            "steps": STEPS,
            "current_step": step,
            "step_label": dict(STEPS)[step],
            "next_step": STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None,
            "previous_step": STEP_SLUGS[index - 1] if index else None,
        }
    )
    return render(request, f"applications/steps/{step.replace('-', '_')}.html", context)


def _after_save(request, application, step):
    """Stay on the step ("save draft") or go on to the next one."""
    messages.success(request, _("Draft saved."))
    if "continue" in request.POST:
        return redirect("applications:step", pk=application.pk, step=STEP_SLUGS[STEP_SLUGS.index(step) + 1])
    return redirect("applications:step", pk=application.pk, step=step)


def _save_valid_part(form, application, by):
    """Keep what the applicant typed correctly even when another field on the step is invalid."""
    valid = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
    if valid:
        services.save_step(application=application, by=by, fields=valid)


def organisation_step(request, application):
    organisation = application.organisation
    can_edit_profile = request.user.has_perm("organisations.change_organisation", organisation)
    data = request.POST if request.method == "POST" else None
    org_form = OrganisationForm(data, instance=organisation, prefix="org") if can_edit_profile else None
    form = OrganisationStepForm(data, instance=application, prefix="app")
    if request.method == "POST":
        org_valid = org_form.is_valid() if org_form else True
        if form.is_valid() and org_valid:
            if org_form:
                update_organisation(
                    organisation=org_form.instance, by=request.user, changed_fields=org_form.changed_data
                )
            services.save_step(application=application, by=request.user, fields=form.cleaned_data)
            return _after_save(request, application, "organisation")
        # Nothing else is lost: what is valid on either part is saved, the invalid fields are marked.
        _save_valid_part(form, application, request.user)
        if org_form:
            _save_valid_part_of_profile(org_form, request.user)
    return {
        "form": form,
        "org_form": org_form,
        "organisation": organisation,
        "non_eu_proofs": [
            document for document in application.documents.all() if document.proves_non_eu_control_measures
        ],
    }


def _save_valid_part_of_profile(org_form, by):
    valid = {
        name: value for name, value in getattr(org_form, "cleaned_data", {}).items() if name not in org_form.errors
    }
    if valid:
        save_valid_part_of_profile(organisation=org_form.instance, by=by, fields=valid)


def activities_step(request, application):
    form = ActivitiesStepForm(request.POST if request.method == "POST" else None, instance=application)
    if request.method == "POST":
        if form.is_valid():
            services.save_step(application=application, by=request.user, fields=form.cleaned_data)
            return _after_save(request, application, "activities")
        _save_valid_part(form, application, request.user)
    return {"form": form}


def criteria_step(request, application):
    criteria = application.criteria_version.criteria.all()
    answers = {answer.criterion_id: answer for answer in application.answers.all()}
    form = CriteriaStepForm(request.POST if request.method == "POST" else None, criteria=criteria, answers=answers)
    if request.method == "POST":
        valid = form.is_valid()
        services.save_answers(application=application, by=request.user, answers=form.answers())
        if valid:
            return _after_save(request, application, "criteria")
    return {"form": form}


def working_groups_step(request, application):
    form = WorkingGroupsStepForm(
        request.POST if request.method == "POST" else None,
        alliance=application.alliance,
        initial={"working_groups": list(application.working_groups.all())},
    )
    if request.method == "POST" and form.is_valid():
        services.save_step(
            application=application, by=request.user, fields={}, working_groups=form.cleaned_data["working_groups"]
        )
        return _after_save(request, application, "working-groups")
    return {"form": form}


def documents_step(request, application):
    ask_non_eu_proof = application.organisation.is_controlled_outside_eu
    form = DocumentForm(request.POST or None, request.FILES or None, ask_non_eu_proof=ask_non_eu_proof)
    if request.method == "POST":
        if "continue" in request.POST and not request.FILES:
            return redirect("applications:step", pk=application.pk, step="declaration")
        if form.is_valid():
            services.add_document(
                application=application,
                by=request.user,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
                proves_non_eu_control_measures=form.cleaned_data.get("proves_non_eu_control_measures", False),
            )
            messages.success(request, _("“%(title)s” is uploaded.") % {"title": form.cleaned_data["title"]})
            return redirect("applications:step", pk=application.pk, step="documents")
    return {"form": form, "documents": application.documents.all(), "ask_non_eu_proof": ask_non_eu_proof}


def declaration_step(request, application):
    version = current_declaration_version(application.alliance)
    signature = current_signature(application)
    organisation = application.organisation
    form = SignDeclarationForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "signatory_name": organisation.legal_representative_name,
            "signatory_position": organisation.legal_representative_position,
        },
        languages=version.languages if version else None,
    )
    if request.method == "POST" and form.is_valid():
        declaration_services.sign(
            application=application,
            by=request.user,
            signatory_name=form.cleaned_data["signatory_name"],
            signatory_position=form.cleaned_data["signatory_position"],
            language=form.cleaned_data["language"],
            scan=form.cleaned_data.get("scan"),
        )
        messages.success(request, _("The Declaration is signed. Its PDF is being prepared."))
        return redirect("applications:step", pk=application.pk, step="submit")
    return {"form": form, "declaration": version, "signature": signature}


def submit_step(request, application):
    return {"missing": missing_for_submission(application), "signature": current_signature(application)}


STEP_HANDLERS = {
    "organisation": organisation_step,
    "activities": activities_step,
    "criteria": criteria_step,
    "working-groups": working_groups_step,
    "documents": documents_step,
    "declaration": declaration_step,
    "submit": submit_step,
}


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
