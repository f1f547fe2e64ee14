"""Reads of applications, shared by views, services and the apps above."""

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from alliances.models import CriteriaVersion
from applications.models import Application
from applications.signals import submission_requirements
from audit.selectors import entries_for
from organisations.models import OrganisationUser
from organisations.selectors import organisation_ids_of

# What a list of applications never shows: the long answers and the frozen snapshot (a JSON document each).
LONG_FIELDS = (
    "presentation",
    "non_eu_legal_measures",
    "non_eu_organisational_measures",
    "non_eu_technical_measures",
    "value_chain_segments",
    "technology_areas",
    "relevant_activities",
    "snapshot",
)


def applications_of(user: User | AnonymousUser) -> QuerySet[Application]:
    """The applications of every organisation the user acts for, ready for a list."""
    return (
        Application.objects.filter(organisation_id__in=organisation_ids_of(user))
        .select_related("organisation", "alliance")
        .defer(*LONG_FIELDS)
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("-updated_at")
    )


def application_for_display(pk: int) -> QuerySet[Application]:
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


def criteria_version_in_use(criteria_version: CriteriaVersion) -> bool:
    """Whether an application is assessed against the criteria version (so that it must no longer change)."""
    return Application.objects.filter(criteria_version=criteria_version).exists()


def missing_in_organisation(application: Application) -> list[str]:
    """What the step "Organisation" still lacks before submission (eligibility first)."""
    missing = []
    organisation = application.organisation
    if not organisation.has_eu_legal_representative:
        missing.append(_("Your organisation has no legal representative in an EU member state, so it is not eligible."))
    if not application.presentation.strip():
        missing.append(_("Organisation: the presentation of the organisation is missing."))
    if organisation.is_controlled_outside_eu:
        missing.extend(message for name, message in _non_eu_measures() if not getattr(application, name).strip())
    return missing


def _non_eu_measures() -> list[tuple[str, str]]:
    return [
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
    ]


def missing_in_activities(application: Application) -> list[str]:
    missing = []
    if not application.value_chain_segments:
        missing.append(_("Activities: choose at least one value-chain segment."))
    if not application.relevant_activities.strip():
        missing.append(_("Activities: describe your relevant activities."))
    return missing


def missing_in_criteria(application: Application) -> list[str]:
    """Every required criterion needs an answer; a gate also needs "yes" (a "no" makes the applicant ineligible)."""
    missing = []
    answers = {answer.criterion_id: answer for answer in application.answers.all()}
    for criterion in application.criteria_version.criteria.all():
        answer = answers.get(criterion.pk)
        if not criterion.answer_required:
            continue
        if answer is None or not answer.text.strip() or (criterion.is_gate and answer.meets is None):
            missing.append(_("Criteria: “%(title)s” is not answered.") % {"title": criterion.title})
        elif criterion.is_gate and answer.meets is False:
            missing.append(_("Criteria: “%(title)s” must be met to apply.") % {"title": criterion.title})
    return missing


def missing_before_declaration(application: Application) -> list[str]:
    """What the application lacks before its Declaration can be signed: everything but the Declaration."""
    return [
        *missing_in_organisation(application),
        *missing_in_activities(application),
        *missing_in_criteria(application),
    ]


def missing_for_submission(application: Application) -> list[str]:
    """What still stops the application from being submitted, in words the applicant can act on.

    The apps above add theirs through `submission_requirements` (declarations: the Declaration is signed).
    """
    missing = missing_before_declaration(application)
    for _receiver, more in submission_requirements.send(sender=Application, application=application):
        missing.extend(cast(list[str], more))
    return missing


@dataclass(frozen=True)
class HistoryItem:
    """One line of the applicant's history: when, who (in words), what happened (in words), why."""

    when: datetime
    who: str
    what: str
    reason: str = ""


def applicant_history(application: Application) -> list[HistoryItem]:
    """The application's life as its applicant sees it: the start, then each change of status.

    Who acted is named when they act for the organisation; Commission staff are "the Commission" (the applicant
    never sees staff names), and a change made by the portal itself is "the portal".
    """
    colleagues = set(
        OrganisationUser.objects.filter(organisation_id=application.organisation_id).values_list("user_id", flat=True)
    )

    def who(user: User | None) -> str:
        if user is None:
            return _("the portal")
        if user.pk in colleagues or user.pk == application.created_by_id:
            return user.display_name
        return _("the Commission")

    states = dict(Application.State.choices)
    items = [HistoryItem(when=application.created_at, who=who(application.created_by), what=_("Draft started"))]
    for entry in entries_for(application).filter(action="application.state_changed").order_by("created_at", "id"):
        what = str(states.get(entry.to_state, entry.action_label))
        items.append(HistoryItem(when=entry.created_at, who=who(entry.actor), what=what, reason=entry.reason))
    return items
