"""The life cycle (ALLOWED_MOVES, one transition), creating deliverables and naming rapporteurs."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from deliverables import services
from deliverables.models import Deliverable, Rapporteur
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import deliverables as fd
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db


def test_create_deliverable_by_chair_is_drafting_and_audited(group):
    chair, _org = fd.chair(group)
    item = services.create_deliverable(group=group, by=chair, title="Chokepoints report", kind="report")
    assert item.state == Deliverable.State.DRAFTING
    assert AuditEntry.objects.filter(action="deliverable.created", target_id=str(item.pk)).exists()


def test_create_deliverable_by_plain_member_is_refused(group):
    member, _org = fg.voter(group)
    with pytest.raises(PermissionDenied):
        services.create_deliverable(group=group, by=member, title="Mine", kind="report")
    assert not Deliverable.objects.exists()


def test_create_deliverable_by_secretariat_of_any_group(group):
    item = services.create_deliverable(group=group, by=fg.secretariat(), title="Roadmap", kind="roadmap")
    assert item.group == group


def test_name_rapporteur_member_representative_notified(group):
    item = fd.deliverable(group)
    writer, organisation = fg.voter(group)
    rapporteur = services.name_rapporteur(deliverable=item, user=writer, by=fg.secretariat())
    assert rapporteur.organisation == organisation
    email = OutgoingEmail.objects.get(key=f"deliverable:{item.pk}:rapporteur:{rapporteur.pk}")
    assert email.to == [writer.email]


def test_name_rapporteur_not_on_roster_is_refused(group):
    item = fd.deliverable(group)
    outsider = factories.UserFactory()
    with pytest.raises(ValidationError, match="not a representative"):
        services.name_rapporteur(deliverable=item, user=outsider, by=fg.secretariat())
    assert not Rapporteur.objects.exists()


def test_name_rapporteur_twice_is_refused(group):
    item = fd.deliverable(group)
    writer, _org = fd.with_rapporteur(item)
    with pytest.raises(ValidationError, match="already"):
        services.name_rapporteur(deliverable=item, user=writer, by=fg.secretariat())


def test_transition_not_in_allowed_moves_is_refused(group):
    item = fd.deliverable(group)
    with pytest.raises(ValidationError, match="cannot go"):
        services.transition(deliverable=item, to=Deliverable.State.PUBLISHED, by=None)
    item.refresh_from_db()
    assert item.state == Deliverable.State.DRAFTING


def test_allowed_moves_cover_every_state_and_end_at_published():
    assert set(services.ALLOWED_MOVES) == set(Deliverable.State.values)
    assert services.ALLOWED_MOVES[Deliverable.State.PUBLISHED] == frozenset()
    assert Deliverable.State.DRAFTING in services.ALLOWED_MOVES[Deliverable.State.PUT_TO_VOTE]


def test_transition_records_from_and_to(group):
    item, writer, version = fd.drafted(group)
    services.open_round(version=version, by=writer, closes_at=timezone.now() + timedelta(hours=1))
    entry = AuditEntry.objects.filter(action="deliverable.state_changed", target_id=str(item.pk)).last()
    assert (entry.from_state, entry.to_state) == ("drafting", "in_comment_round")


def test_update_deliverable_changes_visibility_audited(group):
    item = fd.deliverable(group, visibility=Deliverable.Visibility.GROUP)
    services.update_deliverable(deliverable=item, by=fg.secretariat(), visibility=Deliverable.Visibility.ALLIANCE)
    item.refresh_from_db()
    assert item.visibility == Deliverable.Visibility.ALLIANCE
    assert AuditEntry.objects.filter(action="deliverable.updated").exists()


def test_create_deliverable_refused_without_permission_even_without_an_actor(group):
    """No actor is nobody, not the scheduler: the services ask accounts.permissions.require, which refuses None
    (only closing a round at its time runs without one)."""
    with pytest.raises(PermissionDenied):
        services.create_deliverable(group=group, by=None, title="Nobody's", kind="report")
    assert not Deliverable.objects.exists()
