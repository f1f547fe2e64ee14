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


class Step:
    """One step of the application form. `get` and `post` return the template's context, or a response."""

    slug: str = ""
    label: str | Promise = ""
    position: int = 0
    # Whether the step's form (id "step-form") is saved when the applicant goes to another step from the
    # step navigation (its links are then buttons of that form: nothing typed is lost).
    autosaves: bool = False
    # An optional step is never "to do"; the last step ("Check and submit") shows no status at all.
    optional: bool = False
    shows_status: bool = True

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

    def status(self) -> str:
        """What the step navigation says of the step: "complete", "to do", "optional" or "" (no status)."""
        if not self.shows_status:
            return ""
        if self.is_complete():
            return "optional" if self.optional and not self.has_content() else "complete"
        return "to do"

    def has_content(self) -> bool:
        """Whether an optional step holds something (then it shows as complete)."""
        return False

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
        """Stay on the step ("save draft"), go on to the next one, or to the step chosen in the navigation."""
        messages.success(request, _("Draft saved."))
        target = request.POST.get("goto")
        if target and target in {cls.slug for cls in step_classes()}:
            return self.redirect_to(target)
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
    """The application's own answers about the organisation; the organisation's facts live in its profile only
    (entered once, shown here read-only with a link to edit the profile)."""

    slug, label, position, autosaves = "organisation", gettext_lazy("Organisation"), 10, True

    def missing(self) -> list[str]:
        return selectors.missing_in_organisation(self.application)

    def _context(self, request: HttpRequest, form: OrganisationStepForm) -> dict:
        organisation = self.application.organisation
        return {
            "form": form,
            "organisation": organisation,
            "can_edit_profile": request.user.has_perm("organisations.change_organisation", organisation),
            "non_eu_proofs": [
                document for document in self.application.documents.all() if document.proves_non_eu_control_measures
            ],
        }

    def get(self, request: HttpRequest) -> dict:
        return self._context(request, OrganisationStepForm(None, instance=self.application, prefix="app"))

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        form = OrganisationStepForm(request.POST, instance=self.application, prefix="app")
        if form.is_valid():
            services.save_step(application=self.application, by=self.actor(request), fields=form.cleaned_data)
            return self.saved(request)
        # Nothing else is lost: what is valid is saved, the invalid fields are marked.
        self.save_valid_part(form, self.actor(request))
        return self._context(request, form)


class ActivitiesStep(Step):
    slug, label, position, autosaves = "activities", gettext_lazy("Activities"), 20, True

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
    slug, label, position, autosaves = "criteria", gettext_lazy("Eligibility criteria"), 30, True

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
    slug, label, position, autosaves, optional = "working-groups", gettext_lazy("Working groups"), 40, True, True

    def has_content(self) -> bool:
        return self.application.working_groups.exists()

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
    slug, label, position, optional = "documents", gettext_lazy("Documents"), 50, True

    def has_content(self) -> bool:
        return self.application.documents.exists()

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
    slug, label, position, shows_status = "submit", gettext_lazy("Check and submit"), 100, False

    def get(self, request: HttpRequest) -> dict:
        # Exactly what submitting freezes: the snapshot that submit() would store now.
        return {
            "missing": selectors.missing_for_submission(self.application),
            "summary": services.build_snapshot(self.application),
        }

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
