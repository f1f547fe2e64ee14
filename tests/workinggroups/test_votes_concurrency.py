"""One organisation, one vote, under concurrent requests (PostgreSQL: real row locks and constraints)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from audit.models import AuditEntry
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import groups as fg
from tests.helpers import load_reference_data
from workinggroups import services
from workinggroups.models import Ballot, CastBallot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    # Another transactional test may have flushed what the migrations loaded (alliances, groups, roles).
    load_reference_data()


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL for concurrent transactions and row locks (running on {connection.vendor}); "
            "set DATABASE_URL=postgres://… to run it"
        )


def test_concurrent_votes_of_one_organisation_leave_one_cast_ballot(transactional_db):
    _needs_postgresql()
    group = fg.group()
    users = []
    first, organisation = fg.voter(group)
    users.append(first)
    for _ in range(7):
        colleague = factories.UserFactory()
        fg.voter(group, organisation=organisation, user=colleague)
        users.append(colleague)
    fg.voter(group)
    ballot = fg.ballot(group)
    barrier = threading.Barrier(len(users))
    errors = []

    def vote(user, choice):
        try:
            barrier.wait()
            services.cast_vote(ballot=Ballot(pk=ballot.pk), organisation=organisation, choice=choice, by=user)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=vote, args=(user, "Yes" if index % 2 else "No")) for index, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    cast = CastBallot.objects.get(ballot=ballot, organisation=organisation)
    assert cast.revision == len(users)
    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    assert services.verify_chain(Ballot.objects.get(pk=ballot.pk)).intact


def test_concurrent_close_and_vote_never_count_a_late_vote(transactional_db):
    _needs_postgresql()
    group = fg.group()
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    barrier = threading.Barrier(2)
    outcomes = []

    def vote():
        barrier.wait()
        try:
            services.cast_vote(ballot=Ballot(pk=ballot.pk), organisation=organisation, choice="Yes", by=user)
            outcomes.append("voted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    def close():
        barrier.wait()
        try:
            services.close_ballot(ballot=Ballot(pk=ballot.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ballot.refresh_from_db()
    assert ballot.is_closed
    assert ballot.participant_count == CastBallot.objects.filter(ballot=ballot).count()
    assert (outcomes == ["voted"]) == (ballot.participant_count == 1)


def test_refused_vote_on_a_broken_chain_commits_the_alert_not_the_vote(transactional_db):
    # No test transaction around the call here: what the database holds afterwards was committed.
    group = fg.group()
    fg.secretariat()
    first, organisation = fg.voter(group)
    second, other = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=first)
    CastBallot.objects.filter(ballot=ballot).update(choice="No")
    with pytest.raises(ValidationError):
        services.cast_vote(ballot=Ballot(pk=ballot.pk), organisation=other, choice="Yes", by=second)
    assert not connection.in_atomic_block
    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    assert AuditEntry.objects.filter(action="ballot.chain_broken", target_id=str(ballot.pk)).count() == 1
    assert OutgoingEmail.objects.filter(key__startswith=f"ballot:{ballot.pk}:chain_broken:").count() == 1
