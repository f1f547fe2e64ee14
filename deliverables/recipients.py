"""Who gets the e-mails about a deliverable: the one place that turns roles into addresses."""

from django.conf import settings

from accounts import roles
from deliverables.models import CommentRound, Deliverable, Rapporteur
from notifications.recipients import emails_in_role
from workinggroups.models import RosterEntry, WorkingGroup


def group_emails(group: WorkingGroup) -> list[str]:
    """Everyone on the group's standing roster."""
    return list(
        RosterEntry.objects.filter(group=group, meeting__isnull=True, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def chair_emails(group: WorkingGroup) -> list[str]:
    return list(
        RosterEntry.objects.filter(group=group, meeting__isnull=True, role=RosterEntry.Role.CHAIR).values_list(
            "user__email", flat=True
        )
    )


def rapporteur_emails(deliverable: Deliverable) -> list[str]:
    return list(Rapporteur.objects.filter(deliverable=deliverable).values_list("user__email", flat=True))


def writers_and_chairs(deliverable: Deliverable) -> list[str]:
    return sorted({*rapporteur_emails(deliverable), *chair_emails(deliverable.group)})


def invitee_emails(comment_round: CommentRound) -> list[str]:
    return list(comment_round.invitees.values_list("user__email", flat=True))


def commission_emails() -> list[str]:
    """The Commission's decision makers, and the address configured to receive adopted deliverables."""
    configured = [settings.DELIVERABLES_COMMISSION_EMAIL] if settings.DELIVERABLES_COMMISSION_EMAIL else []
    return sorted({*emails_in_role(roles.DECISION_MAKER), *configured})


def secretariat_emails() -> list[str]:
    return emails_in_role(roles.SECRETARIAT)
