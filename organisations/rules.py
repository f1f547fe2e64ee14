"""Who may see and do what with an organisation's profile, declared once per action."""

import rules

from accounts.predicates import is_commission_staff
from organisations.selectors import organisation_ids_of, owned_organisation_ids


@rules.predicate
def acts_for_organisation(user, organisation):
    return organisation is not None and organisation.pk in organisation_ids_of(user)


@rules.predicate
def owns_organisation(user, organisation):
    return organisation is not None and organisation.pk in owned_organisation_ids(user)


@rules.predicate
def reads_one_of_its_applications(user, organisation):
    """Staff see an organisation only through work assigned to them: an application of it they may read.

    "May read for review" is declared by the review side (a higher app, so it is asked by its name, not
    imported): an assigned reviewer once they declared no conflict, a decision maker from submission on.
    """
    if organisation is None:
        return False
    return any(
        user.has_perm("reviews.view_application", application) for application in organisation.applications.all()
    )


rules.add_perm(
    "organisations.view_organisation", acts_for_organisation | (is_commission_staff & reads_one_of_its_applications)
)
rules.add_perm("organisations.change_organisation", acts_for_organisation)
rules.add_perm("organisations.invite_to_organisation", owns_organisation)
