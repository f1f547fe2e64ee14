"""Factories for deliverables, through the real services (on top of tests/factories/groups.py)."""

from datetime import timedelta

from django.utils import timezone

from deliverables import services
from deliverables.models import Deliverable
from tests.factories import groups as fg
from workinggroups.models import RosterEntry

TEXT = """# Skills for the chip industry

Europe needs 75,000 more engineers by 2030.

Universities and industry should co-design curricula.

## Recommendations

1. Fund ten regional competence centres.
2. Open cleanrooms to students.
"""


def chair(group):
    """A co-chair of the group (a named representative of an active member): (user, organisation)."""
    return fg.voter(group, role=RosterEntry.Role.CHAIR)


def deliverable(group, *, by=None, **fields):
    by = by or chair(group)[0]
    return services.create_deliverable(
        group=group,
        by=by,
        title=fields.pop("title", "Skills Blueprint"),
        kind=fields.pop("kind", Deliverable.Kind.REPORT),
        visibility=fields.pop("visibility", Deliverable.Visibility.PUBLIC),
        **fields,
    )


def with_rapporteur(deliverable_obj, *, by=None):
    """Name a new member representative rapporteur: (user, organisation)."""
    user, organisation = fg.voter(deliverable_obj.group)
    services.name_rapporteur(deliverable=deliverable_obj, user=user, by=by or fg.secretariat())
    return user, organisation


def drafted(group, *, text=TEXT):
    """A deliverable with a rapporteur and a first version: (deliverable, rapporteur, version)."""
    item = deliverable(group)
    writer, _organisation = with_rapporteur(item)
    version = services.write_version(deliverable=item, by=writer, text=text)
    return Deliverable.objects.get(pk=item.pk), writer, version


def in_round(group, *, hours=72):
    """A deliverable in an open comment round: (deliverable, rapporteur, version, round)."""
    item, writer, version = drafted(group)
    comment_round = services.open_round(version=version, by=writer, closes_at=timezone.now() + timedelta(hours=hours))
    return Deliverable.objects.get(pk=item.pk), writer, version, comment_round
