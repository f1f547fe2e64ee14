import rules

from accounts.predicates import is_commission_staff
from organisations.selectors import organisation_ids_of


@rules.predicate
def acts_for_signatory_organisation(user, signature):
    return signature is not None and signature.organisation_id in organisation_ids_of(user)


rules.add_perm("declarations.view_signature", acts_for_signatory_organisation | is_commission_staff)
