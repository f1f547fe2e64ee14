"""Who may see a signed Declaration and sign one, declared once per action."""

import rules

from accounts.predicates import is_administrator, is_commission_staff, is_decision_maker
from organisations.selectors import organisation_ids_of


@rules.predicate
def acts_for_signatory_organisation(user, signature):
    return signature is not None and signature.organisation_id in organisation_ids_of(user)


@rules.predicate
def reads_its_application(user, signature):
    """Staff see a Declaration signed with an application only through that application, as for reviewing it.

    The review side (a higher app) declares who reads an application for review; it is asked by name.
    """
    return (
        signature is not None
        and signature.application_id is not None
        and user.has_perm("reviews.view_application", signature.application)
    )


@rules.predicate
def signed_for_membership(user, signature):
    return signature is not None and signature.application_id is None


@rules.predicate
def acts_for_active_member(user, membership):
    return membership is not None and membership.is_active and membership.organisation_id in organisation_ids_of(user)


rules.add_perm(
    "declarations.view_signature",
    acts_for_signatory_organisation
    | (is_commission_staff & reads_its_application)
    # A member's renewed Declaration (no application): those who decide on memberships.
    | ((is_decision_maker | is_administrator) & signed_for_membership),
)
# Object: a DeclarationVersion. Publishing makes it the alliance's current text and asks every member to sign it.
rules.add_perm("declarations.publish_version", is_administrator)
# Signing binds the organisation: only its own people, as for an application's Declaration.
rules.add_perm("declarations.sign_for_membership", acts_for_active_member)
