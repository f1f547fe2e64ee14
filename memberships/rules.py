import rules

from accounts.predicates import is_administrator, is_decision_maker, is_secretariat
from memberships.selectors import member_alliance_ids_of
from organisations.selectors import organisation_ids_of


@rules.predicate
def is_member_person(user):
    """Acts for an organisation with an active membership of some alliance."""
    return bool(member_alliance_ids_of(user))


@rules.predicate
def acts_for_member(user, membership):
    return membership is not None and membership.organisation_id in organisation_ids_of(user)


# The staff who oversee the register and the working groups. Not every Commission user: a reviewer sees an
# organisation only through an application assigned to them, never the member register, rosters or meetings.
staff = is_secretariat | is_decision_maker | is_administrator

rules.add_perm("memberships.view_directory", is_member_person | staff)
rules.add_perm("memberships.export_register", staff)
rules.add_perm("memberships.view_membership", acts_for_member | staff)
# Admission follows the decision on an application (reviews.decide); the same people change a membership's state.
rules.add_perm("memberships.admit", is_decision_maker | is_administrator)
rules.add_perm("memberships.change_membership_state", is_decision_maker | is_administrator)
rules.add_perm("memberships.name_representative", acts_for_member)
