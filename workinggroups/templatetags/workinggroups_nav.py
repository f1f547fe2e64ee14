from django import template
from django.db.models import Count, Q

from accounts.models import User
from memberships import voting
from workinggroups.models import RosterEntry

register = template.Library()


@register.simple_tag
def working_group_links(user: User) -> dict[str, bool]:
    """Which working-group links the main navigation shows: no query for staff, two for everybody else."""
    if not user.is_authenticated:
        return {}
    if user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register"):
        return {"groups": True, "meetings": True, "ballots": True, "directory": True, "label_mine": False}
    # Two small queries rather than one over the people's table: a page that read that table would be rebuilt
    # whenever anyone signs up (common.page_cache).
    roster = RosterEntry.objects.filter(user=user).aggregate(
        on_roster=Count("pk", filter=Q(meeting__isnull=True)), invited=Count("pk", filter=Q(meeting__isnull=False))
    )
    flags = {
        "on_roster": bool(roster["on_roster"]),
        "invited": bool(roster["invited"]),
        "member": voting.acts_for_voting_member(user),
    }
    return {
        "groups": flags["on_roster"] or flags["member"],
        # An ad-hoc invitee reaches the meetings they are invited to (never a group's page).
        "meetings": flags["on_roster"] or flags["invited"],
        "ballots": flags["on_roster"],
        "directory": flags["member"],
        "label_mine": True,
    }
