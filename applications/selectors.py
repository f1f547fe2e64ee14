from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from applications.models import Application
from declarations.selectors import current_declaration_version
from organisations.selectors import organisation_ids_of


def applications_of(user):
    """The applications of every organisation the user acts for, ready for a list."""
    return (
        Application.objects.filter(organisation_id__in=organisation_ids_of(user))
        .select_related("organisation", "alliance")
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("-updated_at")
    )


def application_for_display(pk):
    return (
        Application.objects.select_related("organisation", "alliance", "criteria_version", "created_by")
        .prefetch_related(
            Prefetch("criteria_version__criteria"),
            Prefetch("answers"),
            Prefetch("documents"),
            Prefetch("working_groups"),
        )
        .filter(pk=pk)
    )


def current_signature(application):
    """The signature of the alliance's current Declaration for this application, if any."""
    version = current_declaration_version(application.alliance)
    if version is None:
        return None
    return (
        application.signatures.filter(declaration_version=version)
        .select_related("declaration_version", "signed_by")
        .order_by("-signed_at")
        .first()
    )


def missing_for_submission(application):
    """What still stops the application from being submitted, in words the applicant can act on."""
    missing = []
    organisation = application.organisation
    if not organisation.has_eu_legal_representative:
        missing.append(_("Your organisation has no legal representative in an EU member state, so it is not eligible."))
    if not application.presentation.strip():
        missing.append(_("Organisation: the presentation of the organisation is missing."))
    if organisation.is_controlled_outside_eu:
        for name, message in [
            (
                "non_eu_legal_measures",
                _(
                    "Organisation: your ultimate parent is outside the EU, so describe the legal measures that "
                    "keep your data and operations under EU law."
                ),
            ),
            (
                "non_eu_organisational_measures",
                _(
                    "Organisation: your ultimate parent is outside the EU, so describe the organisational "
                    "measures that keep your data under EU data-protection law."
                ),
            ),
            (
                "non_eu_technical_measures",
                _(
                    "Organisation: your ultimate parent is outside the EU, so describe the technical measures "
                    "that keep your data under EU data-protection law."
                ),
            ),
        ]:
            if not getattr(application, name).strip():
                missing.append(message)
    if not application.value_chain_segments:
        missing.append(_("Activities: choose at least one value-chain segment."))
    if not application.relevant_activities.strip():
        missing.append(_("Activities: describe your relevant activities."))
    answers = {answer.criterion_id: answer for answer in application.answers.all()}
    for criterion in application.criteria_version.criteria.all():
        answer = answers.get(criterion.pk)
        if not criterion.answer_required:
            continue
        if answer is None or not answer.text.strip() or (criterion.is_gate and answer.meets is None):
            missing.append(_("Criteria: “%(title)s” is not answered.") % {"title": criterion.title})
        elif criterion.is_gate and answer.meets is False:
            missing.append(_("Criteria: “%(title)s” must be met to apply.") % {"title": criterion.title})
    if current_signature(application) is None:
        missing.append(_("Declaration: the Declaration is not signed."))
    return missing


def count_by_state(user):
    return Application.objects.filter(organisation_id__in=organisation_ids_of(user)).aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in Application.State.values}
    )
