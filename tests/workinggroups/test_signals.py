"""What the working groups announce (workinggroups/signals.py): a ballot's frozen result, for the apps built on them."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import groups as fg
from workinggroups import services
from workinggroups.models import Ballot
from workinggroups.signals import ballot_closed

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_ballots():
    """What a receiver of `ballot_closed` hears: (sender, the ballot's state in the database then, result)."""
    heard = []

    def receiver(sender, *, ballot, result, **kwargs):
        heard.append((sender, Ballot.objects.get(pk=ballot.pk).state, result))

    ballot_closed.connect(receiver, weak=False)
    yield heard
    ballot_closed.disconnect(receiver)


def test_ballot_closed_is_sent_once_with_the_frozen_result(group, closed_ballots):
    user, organisation = fg.voter(group)
    fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    services.close_ballot(ballot=ballot, by=fg.secretariat(), reason="Everyone has voted.")
    [(sender, state, result)] = closed_ballots
    assert sender is Ballot and state == Ballot.State.CLOSED
    assert (result.eligible, result.participants, result.counts["Yes"]) == (2, 1, 1)
    assert (result.carried, result.outcome) == (Ballot.objects.get(pk=ballot.pk).carried, "carried")


def test_ballot_closed_is_not_sent_again_when_a_second_close_is_refused(group, closed_ballots):
    fg.voter(group)
    ballot = fg.ballot(group)
    services.close_ballot(ballot=ballot, by=fg.secretariat(), reason="Everyone has voted.")
    with pytest.raises(ValidationError):
        services.close_ballot(ballot=ballot, by=fg.secretariat(), reason="Everyone has voted.")
    assert len(closed_ballots) == 1
