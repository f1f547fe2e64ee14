"""Acknowledgement by the Commission, publication, and verification of the adopted PDF."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deliverables import services
from deliverables.models import AdoptionVote, Deliverable
from tests.deliverables.helpers import adopted
from tests.factories import groups as fg
from tests.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db


def test_commission_acknowledges_then_chair_publishes(group, django_capture_on_commit_callbacks):
    item, _vote, chair = adopted(group, django_capture_on_commit_callbacks)
    commission = fg.decision_maker()
    item = services.acknowledge(deliverable=item, by=commission)
    assert item.state == Deliverable.State.ACKNOWLEDGED
    assert item.acknowledged_by == commission
    item = services.publish(deliverable=item, by=chair)
    assert item.state == Deliverable.State.PUBLISHED
    assert item.published_at is not None


def test_acknowledge_by_chair_is_refused(group, django_capture_on_commit_callbacks):
    item, _vote, chair = adopted(group, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.acknowledge(deliverable=item, by=chair)


def test_publish_before_acknowledgement_is_refused(group, django_capture_on_commit_callbacks):
    item, _vote, chair = adopted(group, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="cannot go"):
        services.publish(deliverable=item, by=chair)


def test_publish_deliverable_for_the_group_only_is_refused(group, django_capture_on_commit_callbacks):
    item, _vote, chair = adopted(group, django_capture_on_commit_callbacks, visibility=Deliverable.Visibility.GROUP)
    services.acknowledge(deliverable=item, by=fg.decision_maker())
    with pytest.raises(ValidationError, match="marked public"):
        services.publish(deliverable=item, by=chair)


def test_verify_intact_record(group, django_capture_on_commit_callbacks):
    _item, vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    assert services.verify(vote).intact


def test_verify_detects_altered_pdf(group, django_capture_on_commit_callbacks):
    _item, vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    with vote.pdf.storage.open(vote.pdf.name, "wb") as handle:
        handle.write(pdf_bytes())
    assert "no longer matches" in " ".join(str(p) for p in services.verify(vote).problems)


def test_verify_detects_altered_recorded_hash(group, django_capture_on_commit_callbacks):
    _item, vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    AdoptionVote.objects.filter(pk=vote.pk).update(pdf_sha256="0" * 64)
    vote.refresh_from_db()
    assert not services.verify(vote).intact


def test_check_copy_identical_and_different(group, django_capture_on_commit_callbacks):
    _item, vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    with vote.pdf.open("rb") as handle:
        original = handle.read()
    assert services.check_copy(vote=vote, content=original).exact
    assert not services.check_copy(vote=vote, content=pdf_bytes()).exact


def test_store_adopted_pdf_twice_keeps_the_first(group, django_capture_on_commit_callbacks):
    _item, vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    again = services.store_adopted_pdf(vote_id=vote.pk)
    assert again.pdf_sha256 == vote.pdf_sha256


def test_acknowledge_refused_without_an_actor(group, django_capture_on_commit_callbacks):
    """No actor is nobody, not the scheduler: an adopted deliverable stays adopted."""
    item, _vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.acknowledge(deliverable=item, by=None)
    item.refresh_from_db()
    assert item.state == Deliverable.State.ADOPTED
