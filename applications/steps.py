"""The application form, one class per step (as pretix's checkout flow): whether the step applies, what it
still lacks before submission, and what it shows (get) and saves (post).

The apps above add steps through the `form_steps` signal (declarations adds "Declaration"); the steps are
ordered by `position`. A draft is saved on every step; nothing is required until submission.
"""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications import selectors, services
from applications.forms import (
    ActivitiesStepForm,
    CriteriaStepForm,
    DocumentForm,
    OrganisationStepForm,
    WorkingGroupsStepForm,
)
from applications.models import Application
from applications.signals import form_steps
from organisations.forms import OrganisationForm
from organisations.services import save_valid_part_of_profile, update_organisation


class Step:
    """One step of the application form. `get` and `post` return the template's context, or a response."""

    slug: str = ""
    label: str | Promise = ""
    position: int = 0

    def __init__(self, application: Application, *, previous_slug: str | None = None, next_slug: str | None = None):
        self.application = application
        self.previous_slug = previous_slug
        self.next_slug = next_slug

    @property
    def template_name(self) -> str:
        return f"applications/steps/{self.slug.replace('-', '_')}.html"

    def is_applicable(self) -> bool:
        return True

    def missing(self) -> list[str]:
        """What this step still lacks before the application can be submitted."""
        return []

    def is_complete(self) -> bool:
        return not self.missing()

    def get(self, request: HttpRequest) -> dict:
        return {}

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        return self.get(request)

    def detail_context(self) -> dict:
        """What the step adds to the application's page (e.g. the signed Declaration)."""
        return {}

    def redirect_to(self, slug: str) -> HttpResponse:
        return redirect("applications:step", pk=self.application.pk, step=slug)

    def saved(self, request: HttpRequest) -> HttpResponse:
        """Stay on the step ("save draft") or go on to the next one."""
        messages.success(request, _("Draft saved."))
        if "continue" in request.POST and self.next_slug:
            return self.redirect_to(self.next_slug)
        return self.redirect_to(self.slug)

    @staticmethod
    def actor(request: HttpRequest) -> User:
        """The signed-in user (the form's views require a login)."""
        return cast(User, request.user)

    def save_valid_part(self, form, by: User) -> None:
        """Keep what the applicant typed correctly even when another field on the step is invalid."""
        valid = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
        if valid:
            services.save_step(application=self.application, by=by, fields=valid)


class OrganisationStep(Step):
    slug, label, position = "organisation", gettext_lazy("Organisation"), 10

    def missing(self) -> list[str]:
        return selectors.missing_in_organisation(self.application)

    def _forms(self, request: HttpRequest, data):
        organisation = self.application.organisation
        can_edit_profile = request.user.has_perm("organisations.change_organisation", organisation)
        org_form = OrganisationForm(data, instance=organisation, prefix="org") if can_edit_profile else None
        return OrganisationStepForm(data, instance=self.application, prefix="app"), org_form

    def _context(self, form, org_form) -> dict:
        return {
            "form": form,
            "org_form": org_form,
            "organisation": self.application.organisation,
            "non_eu_proofs": [
                document for document in self.application.documents.all() if document.proves_non_eu_control_measures
            ],
        }

    def get(self, request: HttpRequest) -> dict:
        return self._context(*self._forms(request, None))

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        form, org_form = self._forms(request, request.POST)
        org_valid = org_form.is_valid() if org_form else True
        if form.is_valid() and org_valid:
            if org_form:
                update_organisation(
                    organisation=org_form.instance, by=self.actor(request), changed_fields=org_form.changed_data
                )
            services.save_step(application=self.application, by=self.actor(request), fields=form.cleaned_data)
            return self.saved(request)
        # Nothing else is lost: what is valid on either part is saved, the invalid fields are marked.
        self.save_valid_part(form, self.actor(request))
        if org_form:
            valid = {
                name: value
                for name, value in getattr(org_form, "cleaned_data", {}).items()
                if name not in org_form.errors
            }
            if valid:
                save_valid_part_of_profile(organisation=org_form.instance, by=self.actor(request), fields=valid)
        return self._context(form, org_form)


class ActivitiesStep(Step):
    slug, label, position = "activities", gettext_lazy("Activities"), 20

    def missing(self) -> list[str]:
        return selectors.missing_in_activities(self.application)

    def get(self, request: HttpRequest) -> dict:
        return {"form": ActivitiesStepForm(None, instance=self.application)}

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        form = ActivitiesStepForm(request.POST, instance=self.application)
        if form.is_valid():
            services.save_step(application=self.application, by=self.actor(request), fields=form.cleaned_data)
            return self.saved(request)
        self.save_valid_part(form, self.actor(request))
        return {"form": form}


class CriteriaStep(Step):
    slug, label, position = "criteria", gettext_lazy("Eligibility criteria"), 30

    def missing(self) -> list[str]:
        return selectors.missing_in_criteria(self.application)

    def _form(self, data) -> CriteriaStepForm:
        answers = {answer.criterion_id: answer for answer in self.application.answers.all()}
        return CriteriaStepForm(data, criteria=self.application.criteria_version.criteria.all(), answers=answers)

    def get(self, request: HttpRequest) -> dict:
        return {"form": self._form(None)}

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        form = self._form(request.POST)
        valid = form.is_valid()
        # The valid answers are saved even when another one is not.
        services.save_answers(application=self.application, by=self.actor(request), answers=form.answers())
        if valid:
            return self.saved(request)
        return {"form": form}


class WorkingGroupsStep(Step):
    slug, label, position = "working-groups", gettext_lazy("Working groups"), 40

    def _form(self, data) -> WorkingGroupsStepForm:
        return WorkingGroupsStepForm(
            data,
            alliance=self.application.alliance,
            initial={"working_groups": list(self.application.working_groups.all())},
        )

    def get(self, request: HttpRequest) -> dict:
        return {"form": self._form(None)}

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            services.save_step(
                application=self.application,
                by=self.actor(request),
                fields={},
                working_groups=form.cleaned_data["working_groups"],
            )
            return self.saved(request)
        return {"form": form}


class DocumentsStep(Step):
    slug, label, position = "documents", gettext_lazy("Documents"), 50

    def _context(self, form: DocumentForm, ask_non_eu_proof: bool) -> dict:
        return {"form": form, "documents": self.application.documents.all(), "ask_non_eu_proof": ask_non_eu_proof}

    def get(self, request: HttpRequest) -> dict:
        ask_non_eu_proof = self.application.organisation.is_controlled_outside_eu
        return self._context(DocumentForm(None, None, ask_non_eu_proof=ask_non_eu_proof), ask_non_eu_proof)

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        ask_non_eu_proof = self.application.organisation.is_controlled_outside_eu
        form = DocumentForm(request.POST or None, request.FILES or None, ask_non_eu_proof=ask_non_eu_proof)
        if "continue" in request.POST and not request.FILES and self.next_slug:
            return self.redirect_to(self.next_slug)
        if form.is_valid():
            services.add_document(
                application=self.application,
                by=self.actor(request),
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
                proves_non_eu_control_measures=form.cleaned_data.get("proves_non_eu_control_measures", False),
            )
            messages.success(request, _("“%(title)s” is uploaded.") % {"title": form.cleaned_data["title"]})
            return self.redirect_to(self.slug)
        return self._context(form, ask_non_eu_proof)


class SubmitStep(Step):
    slug, label, position = "submit", gettext_lazy("Check and submit"), 100

    def get(self, request: HttpRequest) -> dict:
        return {"missing": selectors.missing_for_submission(self.application)}

    # Submitting posts to applications:submit; a POST here only shows the step again.


BUILT_IN_STEPS: list[type[Step]] = [OrganisationStep, ActivitiesStep, CriteriaStep, WorkingGroupsStep, DocumentsStep]


def step_classes() -> list[type[Step]]:
    """Every step of the form, the ones the apps above add included, in order."""
    added = [cast(type[Step], step) for _receiver, step in form_steps.send(sender=Application) if step]
    return sorted([*BUILT_IN_STEPS, *added, SubmitStep], key=lambda step: step.position)


def steps_for(application: Application) -> list[Step]:
    """The steps that apply to the application, each knowing its neighbours."""
    classes = step_classes()
    applicable = [cls(application) for cls in classes]
    applicable = [step for step in applicable if step.is_applicable()]
    for index, step in enumerate(applicable):
        step.previous_slug = applicable[index - 1].slug if index else None
        step.next_slug = applicable[index + 1].slug if index + 1 < len(applicable) else None
    return applicable
