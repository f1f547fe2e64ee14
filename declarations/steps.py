"""The step "Declaration" of the application form (added to it through applications.signals.form_steps)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.selectors import missing_before_declaration
from applications.steps import Step
from declarations import services
from declarations.forms import SignDeclarationForm
from declarations.selectors import (
    current_declaration_version,
    current_signature,
    missing_signature,
    signed_content_changed,
)


class DeclarationStep(Step):
    slug, label, position = "declaration", gettext_lazy("Declaration"), 60
    template_name = "declarations/steps/declaration.html"

    def missing(self) -> list[str]:
        return missing_signature(self.application)

    def _context(self, form: SignDeclarationForm) -> dict:
        signature = current_signature(self.application)
        return {
            "form": form,
            "declaration": current_declaration_version(self.application.alliance),
            "signature": signature,
            # The Declaration covers what is submitted: it is signed once the rest is complete, and again
            # when the application changed after it was signed.
            "missing_before_signing": missing_before_declaration(self.application),
            "changed_since_signing": signed_content_changed(signature, self.application),
        }

    def _form(self, request: HttpRequest) -> SignDeclarationForm:
        version = current_declaration_version(self.application.alliance)
        return SignDeclarationForm.for_organisation(
            self.application.organisation,
            request.POST or None,
            request.FILES or None,
            languages=version.languages if version else None,
        )

    def get(self, request: HttpRequest) -> dict:
        return self._context(self._form(request))

    def post(self, request: HttpRequest) -> dict | HttpResponse:
        form = self._form(request)
        if missing_before_declaration(self.application):
            messages.error(request, _("Complete the other steps first: the Declaration covers what you submit."))
            return self.redirect_to(self.slug)
        if form.is_valid():
            services.sign(
                application=self.application,
                by=self.actor(request),
                signatory_name=form.cleaned_data["signatory_name"],
                signatory_position=form.cleaned_data["signatory_position"],
                language=form.cleaned_data["language"],
                scan=form.cleaned_data.get("scan"),
            )
            messages.success(request, _("The Declaration is signed. Its PDF is being prepared."))
            return self.redirect_to(self.next_slug or self.slug)
        return self._context(form)

    def detail_context(self) -> dict:
        return {"signature": current_signature(self.application)}
