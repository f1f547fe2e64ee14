import rules

from accounts.predicates import is_commission_staff
from organisations.selectors import organisation_ids_of, owned_organisation_ids


@rules.predicate
def acts_for_organisation(user, organisation):
    return organisation is not None and organisation.pk in organisation_ids_of(user)


@rules.predicate
def owns_organisation(user, organisation):
    return organisation is not None and organisation.pk in owned_organisation_ids(user)


rules.add_perm("organisations.view_organisation", acts_for_organisation | is_commission_staff)
rules.add_perm("organisations.change_organisation", acts_for_organisation)
rules.add_perm("organisations.invite_to_organisation", owns_organisation)
