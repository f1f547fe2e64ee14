"""The applicant's section: each application and what it still needs."""

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application
from applications.selectors import applications_of, missing_for_submission
from portal.home.base import LIMIT, Item, Section, group_of

# Applicant -----------------------------------------------------------------------------------------------------

# The states in which the applicant has something to do: listed first, so that the cut at LIMIT never hides one.
ACTING_STATES = (Application.State.DRAFT, Application.State.CLARIFICATION_REQUESTED)

STATE_NEEDS = {
    Application.State.SUBMITTED: gettext_lazy("Submitted: the Commission will assign reviewers."),
    Application.State.UNDER_REVIEW: gettext_lazy("Under review: nothing is needed from you now."),
    Application.State.CLARIFICATION_REQUESTED: gettext_lazy("The Commission asks a question: answer it."),
    Application.State.APPROVED: gettext_lazy("Approved: your organisation is a member."),
    Application.State.REJECTED: gettext_lazy("Rejected: the decision letter says why and how to ask for a review."),
    Application.State.WITHDRAWN: gettext_lazy("Withdrawn."),
}


def applicant_section(user, *, has_organisation: bool) -> Section:
    needing_first = applications_of(user).order_by(
        Case(When(state__in=ACTING_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-updated_at",
    )
    applications = list(needing_first[: LIMIT + 1])
    rows = []
    for application in applications[:LIMIT]:
        if application.state == Application.State.DRAFT:
            missing = missing_for_submission(application)
            note = (
                _("Draft: still needed — %(items)s") % {"items": "; ".join(str(m) for m in missing)}
                if missing
                else _("Draft: complete, ready to submit.")
            )
        else:
            note = str(STATE_NEEDS.get(application.state, application.get_state_display()))
        rows.append(
            Item(
                text=f"{application.organisation.legal_name} — {application.alliance.short_name}",
                url=reverse("applications:detail", args=[application.pk]),
                note=note,
                urgent=application.state in ACTING_STATES,
            )
        )
    empty = (
        _("No application yet: start one for your organisation.")
        if has_organisation
        else _("Create your organisation's profile first, then apply.")
    )
    actions = (
        [
            Item(text=_("My applications"), url=reverse("applications:dashboard")),
            Item(text=_("My organisations"), url=reverse("organisations:list")),
        ]
        if has_organisation
        else [Item(text=_("Create an organisation profile"), url=reverse("organisations:create"))]
    )
    return Section(
        key="applicant",
        title=_("Your applications"),
        actions=actions,
        groups=[
            group_of(
                _("Applications"),
                rows,
                len(applications) if len(applications) <= LIMIT else applications_of(user).count(),
                empty,
                reverse("applications:dashboard"),
            )
        ],
    )
