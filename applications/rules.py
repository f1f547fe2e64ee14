import rules

from organisations.rules import acts_for_organisation
from organisations.selectors import organisation_ids_of


@rules.predicate
def acts_for_applicant(user, application):
    return application is not None and application.organisation_id in organisation_ids_of(user)


@rules.predicate
def is_draft(user, application):
    return application is not None and application.is_editable


@rules.predicate
def can_be_withdrawn(user, application):
    return application is not None and application.can_be_withdrawn


# Object: an Organisation (the one that applies).
rules.add_perm("applications.start_application", acts_for_organisation)
# Object: an Application. Commission staff see applications through the review pages, which apply their own rules
# (assignment, conflicts of interest); these are the applicant's permissions.
rules.add_perm("applications.view_application", acts_for_applicant)
rules.add_perm("applications.change_application", acts_for_applicant & is_draft)
rules.add_perm("applications.submit_application", acts_for_applicant & is_draft)
rules.add_perm("applications.withdraw_application", acts_for_applicant & can_be_withdrawn)
