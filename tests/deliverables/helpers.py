"""An adopted deliverable, the whole way through the real services (shared by this folder's tests)."""

from datetime import timedelta

from django.utils import timezone

from deliverables import services
from deliverables.models import Deliverable
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from workinggroups import services as wg
from workinggroups.models import Ballot


def adopted(group, capture, *, visibility=Deliverable.Visibility.PUBLIC):
    """A deliverable adopted by a carried ballot with its PDF rendered: (deliverable, vote, chair).

    `capture` is pytest-django's django_capture_on_commit_callbacks: the PDF task runs on commit.
    """
    item, _writer, version = fd.drafted(group)
    services.update_deliverable(deliverable=item, by=fg.secretariat(), visibility=visibility)
    chair, _org = fd.chair(group)
    members = [fg.voter(group) for _ in range(4)]
    vote = services.put_to_vote(version=version, by=chair, closes_at=timezone.now() + timedelta(days=2))
    for user, organisation in members:
        wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.YES, by=user)
    with capture(execute=True):
        wg.close_ballot(ballot=vote.ballot, by=None)
    vote.refresh_from_db()
    return Deliverable.objects.get(pk=item.pk), vote, chair
