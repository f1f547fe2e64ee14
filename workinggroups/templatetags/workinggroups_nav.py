from django import template
from django.db.models import Exists, OuterRef

from accounts.models import User
from memberships import voting
from workinggroups.models import RosterEntry

register = template.Library()


@register.simple_tag
def working_group_links(user: User) -> dict[str, bool]:
    """Which working-group links the main navigation shows: no query for staff, one for everybody else."""
    if not user.is_authenticated:
        return {}
    if user.has_perm("workinggroups.manage_roster") or user.has_perm("memberships.export_register"):
        return {"groups": True, "meetings": True, "ballots": True, "directory": True, "label_mine": False}
    flags = (
        User.objects.filter(pk=user.pk)
        .values(
            on_roster=Exists(RosterEntry.objects.filter(user=OuterRef("pk"), meeting__isnull=True)),
            invited=Exists(RosterEntry.objects.filter(user=OuterRef("pk"), meeting__isnull=False)),
            member=voting.acts_for_voting_member_expression(user=OuterRef("pk")),
        )
        .first()
    ) or {"on_roster": False, "invited": False, "member": False}
    return {
        "groups": flags["on_roster"] or flags["member"],
        # An ad-hoc invitee reaches the meetings they are invited to (never a group's page).
        "meetings": flags["on_roster"] or flags["invited"],
        "ballots": flags["on_roster"],
        "directory": flags["member"],
        "label_mine": True,
    }
