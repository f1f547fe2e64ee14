"""Reminders once, 48 hours before a comment round or a ballot closes, to who has not taken part."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deliverables import services
from notifications.models import OutgoingEmail
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from workinggroups import services as wg
from workinggroups.models import Ballot

pytestmark = pytest.mark.django_db


def test_round_closing_within_48_hours_reminds_who_has_not_commented_once(group):
    _item, writer, _version, comment_round = fd.in_round(group, hours=24)
    commenter, _org = fg.voter(group)
    silent, _org2 = fg.voter(group)
    services.add_comment(comment_round=comment_round, by=commenter, text="Fine.")
    services.send_closing_reminders()
    services.send_closing_reminders()
    reminded = OutgoingEmail.objects.filter(key__startswith=f"round:{comment_round.pk}:reminder:")
    addresses = {address for email in reminded for address in email.to}
    assert silent.email in addresses
    assert commenter.email not in addresses
    assert reminded.filter(to=[silent.email]).count() == 1


def test_round_closing_later_is_not_reminded_yet(group):
    _item, _writer, _version, comment_round = fd.in_round(group, hours=72)
    services.send_closing_reminders()
    assert not OutgoingEmail.objects.filter(key__startswith=f"round:{comment_round.pk}:reminder:").exists()


def test_ballot_closing_within_48_hours_reminds_who_has_not_voted_once(group):
    voted, voted_org = fg.voter(group)
    silent, _org = fg.voter(group)
    ballot = fg.ballot(group, minutes=60 * 24)
    wg.cast_vote(ballot=ballot, organisation=voted_org, choice=Ballot.YES, by=voted)
    assert services.send_closing_reminders() == (0, 1)
    assert services.send_closing_reminders() == (0, 0)
    email = OutgoingEmail.objects.get(key=f"ballot:{ballot.pk}:closing-reminder:{silent.pk}")
    assert email.to == [silent.email]
    assert timezone.now() < ballot.closes_at < timezone.now() + timedelta(hours=48)
