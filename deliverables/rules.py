"""Who may do what with deliverables (django-rules). Views and services ask these; a refusal in a view is a 404.

Objects: a WorkingGroup (to create), a Deliverable, a CommentRound, or an AdoptionVote.
"""

import rules

from accounts.predicates import is_administrator, is_decision_maker, is_secretariat
from deliverables.models import AdoptionVote, CommentRound, Deliverable
from deliverables.selectors import invited_round_ids_of, rapporteur_deliverable_ids_of
from memberships.selectors import member_alliance_ids_of
from workinggroups.models import WorkingGroup
from workinggroups.selectors import chaired_group_ids_of, permanent_group_ids_of


def _deliverable(obj) -> Deliverable | None:
    if isinstance(obj, Deliverable):
        return obj
    if isinstance(obj, CommentRound | AdoptionVote):
        return obj.deliverable
    return None


def _group_id(obj) -> int | None:
    if isinstance(obj, WorkingGroup):
        return obj.pk
    deliverable = _deliverable(obj)
    return deliverable.group_id if deliverable is not None else None


@rules.predicate
def on_groups_roster(user, obj):
    """On the group's standing roster for an active member (an ad-hoc invitee is not)."""
    return obj is not None and _group_id(obj) in permanent_group_ids_of(user)


@rules.predicate
def chairs_the_group(user, obj):
    return obj is not None and _group_id(obj) in chaired_group_ids_of(user)


@rules.predicate
def is_rapporteur(user, obj):
    deliverable = _deliverable(obj)
    return deliverable is not None and deliverable.pk in rapporteur_deliverable_ids_of(user)


@rules.predicate
def invited_to_round(user, comment_round):
    return isinstance(comment_round, CommentRound) and comment_round.pk in invited_round_ids_of(user)


@rules.predicate
def alliance_may_read(user, obj):
    """A deliverable open to the alliance's members (or public) and the user acts for an active member."""
    deliverable = _deliverable(obj)
    return (
        deliverable is not None
        and deliverable.visibility != Deliverable.Visibility.GROUP
        and deliverable.group.alliance_id in member_alliance_ids_of(user)
    )


@rules.predicate
def is_published(user, obj):
    deliverable = _deliverable(obj)
    return deliverable is not None and deliverable.state == Deliverable.State.PUBLISHED


@rules.predicate
def round_is_open(user, comment_round):
    return isinstance(comment_round, CommentRound) and comment_round.accepts_comments


@rules.predicate
def votes_on_adoption(user, vote):
    """Votes in the adoption ballot's group (the working groups' declared `workinggroups.vote`, asked by name)."""
    return isinstance(vote, AdoptionVote) and user.has_perm("workinggroups.vote", vote.ballot)


# The staff who oversee the register and the working groups. Not every Commission user: a reviewer sees an
# organisation only through an application assigned to them, never the member register, rosters or meetings.
staff = is_secretariat | is_decision_maker | is_administrator
commission = is_decision_maker | is_administrator
group_readers = staff | on_groups_roster

rules.add_perm("deliverables.view_deliverable", group_readers | alliance_may_read)
rules.add_perm("deliverables.manage_deliverable", is_secretariat | chairs_the_group)
rules.add_perm("deliverables.write_version", is_rapporteur)
rules.add_perm("deliverables.open_round", is_rapporteur)
# Comments are the group's: the roster, staff, and the invitees of that one round; no other group.
rules.add_perm("deliverables.view_round", group_readers | invited_to_round)
rules.add_perm("deliverables.comment", round_is_open & (on_groups_roster | invited_to_round))
rules.add_perm("deliverables.invite_to_round", is_secretariat)
rules.add_perm("deliverables.close_round", is_rapporteur | is_secretariat)
rules.add_perm("deliverables.resolve_comment", is_rapporteur)
rules.add_perm("deliverables.put_to_vote", chairs_the_group)
# Object: an AdoptionVote. A minority statement is an organisation's that voted against: written by its voters.
rules.add_perm("deliverables.add_minority_statement", votes_on_adoption)
rules.add_perm("deliverables.acknowledge", commission)
rules.add_perm("deliverables.publish", is_secretariat | chairs_the_group)
# The adopted PDF and its verification: whoever may read the deliverable, and everyone once it is published.
rules.add_perm("deliverables.view_adopted", group_readers | alliance_may_read | is_published)
