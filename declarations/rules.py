import rules

from accounts.predicates import is_commission_staff
from organisations.selectors import organisation_ids_of


@rules.predicate
def acts_for_signatory_organisation(user, signature):
    return signature is not None and signature.organisation_id in organisation_ids_of(user)


@rules.predicate
def acts_for_active_member(user, membership):
    return membership is not None and membership.is_active and membership.organisation_id in organisation_ids_of(user)


rules.add_perm("declarations.view_signature", acts_for_signatory_organisation | is_commission_staff)
# Signing binds the organisation: only its own people, as for an application's Declaration.
rules.add_perm("declarations.sign_for_membership", acts_for_active_member)
