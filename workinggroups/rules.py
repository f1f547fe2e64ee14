import rules

from accounts.predicates import is_administrator, is_decision_maker, is_secretariat
from memberships.rules import is_member_person
from memberships.selectors import member_alliance_ids_of
from organisations.selectors import organisation_ids_of
from workinggroups.selectors import (
    ad_hoc_meeting_ids_of,
    chaired_group_ids_of,
    permanent_group_ids_of,
    represented_organisation_ids,
)


def _group_id(obj):
    return obj.pk if obj.__class__.__name__ == "WorkingGroup" else obj.group_id


@rules.predicate
def on_roster(user, obj):
    """On the group's standing roster (an ad-hoc invitee is not)."""
    return obj is not None and _group_id(obj) in permanent_group_ids_of(user)


@rules.predicate
def chairs_group(user, obj):
    return obj is not None and _group_id(obj) in chaired_group_ids_of(user)


@rules.predicate
def member_of_groups_alliance(user, group):
    return group is not None and group.alliance_id in member_alliance_ids_of(user)


@rules.predicate
def invited_ad_hoc(user, meeting):
    return meeting is not None and meeting.pk in ad_hoc_meeting_ids_of(user)


@rules.predicate
def votes_in_group(user, ballot):
    """Votes in the ballot's group for an organisation they act for (a voting role, named, active member).

    Which of those organisations, and whose proxy, the vote or proxy is for is the ballot's own business: the
    eligible set fixed at opening and the proxies given (services/votes.py, services/proxies.py).
    """
    return ballot is not None and bool(represented_organisation_ids(user, ballot.group))


@rules.predicate
def acts_for_proposer(user, proposal):
    return proposal is not None and proposal.organisation_id in organisation_ids_of(user)


# The staff who oversee the register and the working groups. Not every Commission user: a reviewer sees an
# organisation only through an application assigned to them, never the member register, rosters or meetings.
staff = is_secretariat | is_decision_maker | is_administrator
commission = is_decision_maker | is_administrator

rules.add_perm("workinggroups.view_workinggroup", staff | on_roster | member_of_groups_alliance)
rules.add_perm("workinggroups.manage_roster", is_secretariat)
rules.add_perm("workinggroups.export_roster", staff | chairs_group)
rules.add_perm("workinggroups.request_to_join", member_of_groups_alliance)
rules.add_perm("workinggroups.view_meeting", staff | on_roster | invited_ad_hoc)
rules.add_perm("workinggroups.manage_meeting", is_secretariat)
rules.add_perm("workinggroups.write_minutes", is_secretariat | chairs_group)
# An ad-hoc invitee never sees a ballot: only the standing roster and staff do.
rules.add_perm("workinggroups.view_ballot", staff | on_roster)
# The chair's powers over ballots: open one (put a question or a deliverable to the vote) and nothing more.
# As a voter, a chair never sees a running count, and never closes a ballot: the scheduled closing time (a rule
# fixed when it opened) closes it, or the secretariat closes it early with a recorded reason.
rules.add_perm("workinggroups.manage_ballot", is_secretariat | chairs_group)
rules.add_perm("workinggroups.close_ballot", is_secretariat & ~on_roster)
# Object: a Ballot. Casting a vote, giving or taking back a proxy: the group's voters only, never staff as such.
rules.add_perm("workinggroups.vote", votes_in_group)
# A named ballot's running count (who chose what, before closing): the secretariat only, never a voter.
rules.add_perm("workinggroups.view_running_count", is_secretariat & ~on_roster)
rules.add_perm("workinggroups.propose_group", is_member_person)
rules.add_perm("workinggroups.view_proposal", staff | acts_for_proposer)
rules.add_perm("workinggroups.decide_proposal", commission)
