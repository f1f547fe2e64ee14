"""Comment rounds: who comments (as their organisation), closing, resolving, invitees of one round."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deliverables import services
from deliverables.models import Comment, CommentRound, Deliverable
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import deliverables as fd
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db


def test_open_round_freezes_version_moves_deliverable_and_tells_the_group(group):
    item, writer, version, comment_round = fd.in_round(group)
    version.refresh_from_db()
    assert version.is_frozen
    assert item.state == Deliverable.State.IN_COMMENT_ROUND
    email = OutgoingEmail.objects.get(key__startswith=f"deliverable:{item.pk}:drafting-in_comment_round")
    assert writer.email in email.to


def test_open_round_by_member_not_rapporteur_is_refused(group):
    item, _writer, version = fd.drafted(group)
    member, _org = fg.voter(group)
    with pytest.raises(PermissionDenied):
        services.open_round(version=version, by=member, closes_at=timezone.now() + timedelta(days=1))
    assert not CommentRound.objects.exists()


def test_open_round_closing_in_the_past_is_refused(group):
    item, writer, version = fd.drafted(group)
    with pytest.raises(ValidationError, match="future"):
        services.open_round(version=version, by=writer, closes_at=timezone.now() - timedelta(minutes=1))


def test_second_round_while_one_is_open_is_refused(group):
    item, writer, version, _round = fd.in_round(group)
    with pytest.raises(ValidationError, match="being drafted"):
        services.open_round(version=version, by=writer, closes_at=timezone.now() + timedelta(days=1))


def test_member_comments_on_paragraph_as_organisation(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    member, organisation = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="Say 2035 too.", paragraph=2)
    assert (comment.organisation, comment.paragraph) == (organisation, 2)


def test_member_comments_on_the_whole(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    member, _organisation = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="Good overall.")
    assert comment.paragraph is None


def test_comment_on_missing_paragraph_is_refused(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    with pytest.raises(ValidationError, match="no paragraph 99"):
        services.add_comment(comment_round=comment_round, by=member, text="?", paragraph=99)


def test_non_member_comment_is_refused(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    outsider = factories.UserFactory()
    factories.OrganisationFactory(owner=outsider)
    with pytest.raises(PermissionDenied):
        services.add_comment(comment_round=comment_round, by=outsider, text="Let me in.")
    assert not Comment.objects.exists()


def test_member_of_another_group_comment_is_refused(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    other, _org = fg.voter(fg.group("pfas"))
    with pytest.raises(PermissionDenied):
        services.add_comment(comment_round=comment_round, by=other, text="From PFAS.")


def test_invitee_comments_in_that_round_only(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    guest = factories.UserFactory()
    guest_org = factories.OrganisationFactory(owner=guest)
    services.invite_to_round(comment_round=comment_round, user=guest, organisation=guest_org, by=fg.secretariat())
    comment = services.add_comment(comment_round=comment_round, by=guest, text="Expert view.", paragraph=1)
    assert comment.organisation == guest_org
    other_round = fd.in_round(group)[3]
    with pytest.raises(PermissionDenied):
        services.add_comment(comment_round=other_round, by=guest, text="Not invited here.")


def test_invite_by_member_is_refused(group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    guest = factories.UserFactory()
    with pytest.raises(PermissionDenied):
        services.invite_to_round(
            comment_round=comment_round, user=guest, organisation=factories.OrganisationFactory(owner=guest), by=member
        )


def test_round_closes_back_to_drafting_and_refuses_comments(group):
    item, writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    services.close_round(comment_round=comment_round, by=writer)
    item.refresh_from_db()
    assert item.state == Deliverable.State.DRAFTING
    with pytest.raises(ValidationError, match="closed"):
        services.add_comment(comment_round=comment_round, by=member, text="Too late.")


def test_round_past_its_time_refuses_comments_and_scheduler_closes_it(group):
    item, _writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    CommentRound.objects.filter(pk=comment_round.pk).update(
        opened_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="closed"):
        services.add_comment(comment_round=comment_round, by=member, text="Late.")
    assert services.process_due_rounds() == 1
    assert services.process_due_rounds() == 0
    comment_round.refresh_from_db()
    assert comment_round.state == CommentRound.State.CLOSED


def test_resolve_comment_after_close(group):
    _item, writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="Add 2035.", paragraph=1)
    services.close_round(comment_round=comment_round, by=writer)
    resolved = services.resolve_comment(
        comment=comment, by=writer, resolution=Comment.Resolution.ACCEPTED_IN_PART, reply="2035 added as outlook."
    )
    assert resolved.resolution == "accepted_in_part"
    assert resolved.resolved_by == writer


def test_resolve_while_round_open_is_refused(group):
    _item, writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="Hm.")
    with pytest.raises(ValidationError, match="once the round has closed"):
        services.resolve_comment(comment=comment, by=writer, resolution="accepted", reply="Yes.")


def test_resolve_without_reply_is_refused(group):
    _item, writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="Hm.")
    services.close_round(comment_round=comment_round, by=writer)
    with pytest.raises(ValidationError, match="Reply"):
        services.resolve_comment(comment=comment, by=writer, resolution="not_accepted", reply=" ")


def test_resolve_by_commenter_is_refused(group):
    _item, writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="Hm.")
    services.close_round(comment_round=comment_round, by=writer)
    with pytest.raises(PermissionDenied):
        services.resolve_comment(comment=comment, by=member, resolution="accepted", reply="I accept my own.")
