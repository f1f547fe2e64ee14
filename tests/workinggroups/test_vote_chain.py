"""The vote chain (workinggroups/vote_chain.py): hashing, anchoring in the audit trail, verification, the alarm."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import OutgoingEmail
from tests.factories import groups as fg
from workinggroups import services, vote_chain
from workinggroups.models import AnonymousChoice, Ballot, CastBallot

pytestmark = pytest.mark.django_db


def _fresh(ballot):
    return Ballot.objects.get(pk=ballot.pk)


def _vote_all(ballot, people, choice="Yes"):
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice=choice, by=user)


def _rewrite_chains_consistently(ballot):
    """What someone with write access to the database, but not to the audit trail, can do to hide a change."""
    previous = vote_chain.GENESIS
    for cast in CastBallot.objects.filter(ballot=ballot).order_by("position"):
        entry = vote_chain.cast_hash(previous, cast)
        CastBallot.objects.filter(pk=cast.pk).update(previous_hash=previous, entry_hash=entry)
        previous = entry
    previous_choice = vote_chain.GENESIS
    for anonymous in AnonymousChoice.objects.filter(ballot=ballot).order_by("pk"):
        entry = vote_chain.choice_hash(previous_choice, anonymous)
        AnonymousChoice.objects.filter(pk=anonymous.pk).update(previous_hash=previous_choice, entry_hash=entry)
        previous_choice = entry
    Ballot.objects.filter(pk=ballot.pk).update(chain_head=previous, choice_chain_head=previous_choice)


def test_chain_intact_after_votes_and_changes(group):
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    services.cast_vote(ballot=ballot, organisation=people[0][1], choice="No", by=people[0][0])
    check = services.verify_chain(Ballot.objects.get(pk=ballot.pk))
    assert check.intact and check.links == 3
    call_command("verify_ballots", ballot.pk)


def test_chain_check_catches_an_altered_vote(group):
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    CastBallot.objects.filter(ballot=ballot, organisation=people[1][1]).update(choice="No")
    check = services.verify_chain(Ballot.objects.get(pk=ballot.pk))
    assert not check.intact and "altered" in " ".join(check.problems)
    with pytest.raises(CommandError):
        call_command("verify_ballots", ballot.pk)


def test_chain_check_catches_an_altered_secret_choice_and_a_deleted_row(group):
    people = [fg.voter(group) for _ in range(2)]
    ballot = fg.ballot(group, is_secret=True)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    ballot = services.close_ballot(ballot=ballot)
    AnonymousChoice.objects.filter(pk=AnonymousChoice.objects.first().pk).update(choice="No")
    assert not services.verify_chain(ballot).intact
    named = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=named, organisation=organisation, choice="Yes", by=user)
    CastBallot.objects.filter(ballot=named).order_by("-position").first().delete()
    assert not services.verify_chain(Ballot.objects.get(pk=named.pk)).intact


def test_vote_on_a_tampered_chain_is_refused_recorded_and_the_secretariat_told(group):
    secretariat = fg.secretariat()
    first, second = fg.voter(group), fg.voter(group)
    ballot = fg.ballot(group)
    _vote_all(ballot, [first])
    CastBallot.objects.filter(ballot=ballot).update(choice="No")
    tampered = CastBallot.objects.get(ballot=ballot)

    with pytest.raises(ValidationError, match="fails its integrity check; the secretariat has been told"):
        services.cast_vote(ballot=ballot, organisation=second[1], choice="Yes", by=second[0])

    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    assert CastBallot.objects.get(pk=tampered.pk).entry_hash == tampered.entry_hash  # not re-chained
    assert not services.verify_chain(_fresh(ballot)).intact
    alert = AuditEntry.objects.get(action="ballot.chain_broken")
    assert (alert.actor, alert.target_id, alert.data["attempted"]) == (second[0], str(ballot.pk), "vote")
    assert alert.data["organisation"] == second[1].pk and alert.data["problems"]
    email = OutgoingEmail.objects.get(key__startswith=f"ballot:{ballot.pk}:chain_broken:")
    assert secretariat.email in email.to and "Integrity check failed" in email.subject
    assert "was altered after it was cast" in email.body


def test_changing_a_vote_on_a_tampered_chain_is_refused_too(group):
    fg.secretariat()
    people = [fg.voter(group) for _ in range(2)]
    ballot = fg.ballot(group)
    _vote_all(ballot, people)
    CastBallot.objects.filter(ballot=ballot, organisation=people[1][1]).update(choice="No")
    with pytest.raises(ValidationError):
        services.cast_vote(ballot=ballot, organisation=people[0][1], choice="Abstain", by=people[0][0])
    assert CastBallot.objects.get(ballot=ballot, organisation=people[0][1]).choice == "Yes"
    assert not services.verify_chain(_fresh(ballot)).intact
    assert AuditEntry.objects.filter(action="ballot.chain_broken").count() == 1


def test_rows_and_head_rewritten_consistently_are_caught_by_the_audit_anchor(group):
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    _vote_all(ballot, people)
    CastBallot.objects.filter(ballot=ballot, organisation=people[1][1]).update(choice="No")
    _rewrite_chains_consistently(ballot)

    check = services.verify_chain(_fresh(ballot))
    assert not check.intact
    assert len(check.problems) == 1 and "audit trail" in check.problems[0]
    with pytest.raises(CommandError):
        call_command("verify_ballots", ballot.pk)
    with pytest.raises(ValidationError):
        services.cast_vote(ballot=ballot, organisation=people[0][1], choice="No", by=people[0][0])


def test_forged_vote_changed_entry_behind_a_rewritten_ballot_breaks_the_audit_chain(group):
    """Issue 9's finding: a closed named ballot's votes and result rewritten, its chain recomputed, and one
    `ballot.vote_changed` row inserted into the audit trail carrying the new chain head. The forged row fools the
    ballot's own anchor check, but not the audit trail's chain (`verify_audit`), which it does not link into."""
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    _vote_all(ballot, people)
    ballot = _fresh(services.close_ballot(ballot=ballot))
    CastBallot.objects.filter(ballot=ballot, organisation=people[1][1]).update(choice="No")
    _rewrite_chains_consistently(ballot)
    Ballot.objects.filter(pk=ballot.pk).update(counts={**ballot.counts, "Yes": 2, "No": 1})
    latest = AuditEntry.objects.filter(action="ballot.vote_cast", target_id=str(ballot.pk)).order_by("-pk").first()
    # An INSERT behind the application's back (the trail accepts INSERT): the forger copies a real vote entry,
    # its links included, and puts the rewritten chain's head in it.
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                created_at=latest.created_at,
                actor_id=latest.actor_id,
                action="ballot.vote_changed",
                target_type_id=latest.target_type_id,
                target_id=latest.target_id,
                target_repr=latest.target_repr,
                data={**latest.data, "chain_head": _fresh(ballot).chain_head, "revision": 2},
                previous_hash=latest.previous_hash,
                entry_hash=latest.entry_hash,
            )
        ]
    )
    forged = AuditEntry.objects.order_by("-pk").first()
    assert forged.action == "ballot.vote_changed"

    with pytest.raises(CommandError, match=f"broken at entry #{forged.pk}"):
        call_command("verify_audit", stdout=StringIO())
    with pytest.raises(CommandError, match=f"anchored in is broken at entry #{forged.pk}"):
        call_command("verify_ballots", stdout=StringIO())


def test_secret_choices_rewritten_consistently_are_caught_by_the_audit_anchor(group):
    people = [fg.voter(group) for _ in range(2)]
    ballot = fg.ballot(group, is_secret=True)
    _vote_all(ballot, people)
    AnonymousChoice.objects.filter(pk=AnonymousChoice.objects.filter(ballot=ballot).first().pk).update(choice="No")
    _rewrite_chains_consistently(ballot)
    check = services.verify_chain(_fresh(ballot))
    assert not check.intact and any("secret choices" in problem for problem in check.problems)


def test_deleting_every_cast_ballot_and_resetting_the_head_is_caught(group):
    people = [fg.voter(group) for _ in range(2)]
    ballot = fg.ballot(group)
    _vote_all(ballot, people)
    CastBallot.objects.filter(ballot=ballot).delete()
    Ballot.objects.filter(pk=ballot.pk).update(chain_head="")
    assert not services.verify_chain(_fresh(ballot)).intact


def test_vote_change_keeps_the_chain_verifiable_and_anchored(group):
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    _vote_all(ballot, people)
    services.cast_vote(ballot=ballot, organisation=people[1][1], choice="No", by=people[1][0])
    services.cast_vote(ballot=ballot, organisation=people[1][1], choice="Abstain", by=people[1][0])
    ballot = _fresh(ballot)
    check = services.verify_chain(ballot)
    assert check.intact and check.links == 3
    votes = AuditEntry.objects.filter(action__in=["ballot.vote_cast", "ballot.vote_changed"]).order_by("pk")
    assert [entry.action for entry in votes][-2:] == ["ballot.vote_changed", "ballot.vote_changed"]
    assert all(entry.data["chain_head"] for entry in votes)
    assert votes.last().data["chain_head"] == ballot.chain_head
    call_command("verify_ballots", ballot.pk)
    ballot = services.close_ballot(ballot=ballot)
    assert ballot.counts == {"Yes": 2, "No": 0, "Abstain": 1} and services.verify_chain(ballot).intact


def test_secret_vote_audit_entry_anchors_both_chains_without_the_choice(group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    ballot = _fresh(ballot)
    latest = AuditEntry.objects.filter(action="ballot.vote_changed").get()
    assert latest.data["chain_head"] == ballot.chain_head
    # The secret choices' head beside the organisation would let a reader of the database replay who chose what.
    assert latest.data["choice_chain_seal"] and ballot.choice_chain_head not in str(latest.data)
    assert "choice" not in latest.data
    assert services.verify_chain(ballot).intact


def test_secret_ballot_seal_still_verifies_after_the_secret_key_is_rotated(group, settings):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert services.verify_chain(_fresh(ballot)).intact


def test_closing_a_tampered_ballot_is_refused_and_no_result_is_frozen(group):
    secretariat = fg.secretariat()
    people = [fg.voter(group) for _ in range(2)]
    ballot = fg.ballot(group)
    _vote_all(ballot, people)
    CastBallot.objects.filter(ballot=ballot, organisation=people[0][1]).update(choice="No")
    with pytest.raises(ValidationError, match="stays open"):
        services.close_ballot(ballot=ballot, by=secretariat, reason="Everyone has voted.")
    ballot = _fresh(ballot)
    assert ballot.is_open and ballot.counts is None and ballot.carried is None
    alert = AuditEntry.objects.get(action="ballot.chain_broken")
    assert (alert.actor, alert.data["attempted"]) == (secretariat, "close")
    assert not AuditEntry.objects.filter(action="ballot.closed").exists()
    assert OutgoingEmail.objects.filter(key__startswith=f"ballot:{ballot.pk}:chain_broken:").count() == 1


def test_scheduler_meeting_a_tampered_ballot_alerts_once_per_broken_state(group):
    fg.secretariat()
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    CastBallot.objects.filter(ballot=ballot).update(choice="No")
    later = timezone.now() + timedelta(hours=2)
    assert services.process_due_ballots(now=later) == (0, 0)
    assert services.process_due_ballots(now=later) == (0, 0)
    assert _fresh(ballot).is_open
    assert AuditEntry.objects.filter(action="ballot.chain_broken").count() == 1
    assert OutgoingEmail.objects.filter(key__startswith=f"ballot:{ballot.pk}:chain_broken:").count() == 1
    CastBallot.objects.filter(ballot=ballot).update(choice="Abstain")
    services.process_due_ballots(now=later)
    assert AuditEntry.objects.filter(action="ballot.chain_broken").count() == 2


def test_vote_refused_through_the_view_says_why(client, group):
    fg.secretariat()
    first, (user, organisation) = fg.voter(group), fg.voter(group)
    ballot = fg.ballot(group)
    _vote_all(ballot, [first])
    CastBallot.objects.update(choice="No")
    client.force_login(user)
    response = client.post(
        reverse("workinggroups:ballot_vote", args=[ballot.pk]),
        {"organisation": organisation.pk, "choice": "Yes"},
        follow=True,
    )
    assert "fails its integrity check" in response.content.decode()
    assert CastBallot.objects.count() == 1 and AuditEntry.objects.filter(action="ballot.chain_broken").exists()
    verify = client.get(reverse("workinggroups:ballot_verify", args=[ballot.pk]))
    assert verify.status_code == 409


@pytest.mark.parametrize("rows", [1, 100])
def test_verify_chain_query_count_is_bounded_with_1_and_100_rows(group, rows, django_assert_max_num_queries):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group, is_secret=True)
    _vote_all(ballot, people)
    ballot = services.close_ballot(ballot=ballot)
    with django_assert_max_num_queries(5):
        check = services.verify_chain(ballot)
    assert check.intact and check.links == rows


def test_a_broken_chain_is_logged_as_an_error_for_the_operator(group, caplog):
    first, second = fg.voter(group), fg.voter(group)
    ballot = fg.ballot(group)
    _vote_all(ballot, [first])
    CastBallot.objects.filter(ballot=ballot).update(choice="No")
    with caplog.at_level(logging.ERROR, logger="workinggroups"), pytest.raises(ValidationError):
        services.cast_vote(ballot=ballot, organisation=second[1], choice="Yes", by=second[0])
    [record] = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert record.name == "workinggroups.vote_chain"
    assert record.getMessage().startswith(f"Ballot {ballot.pk}: the vote chain fails verification (vote refused): ")
    assert "was altered after it was cast" in record.getMessage()


def test_secret_ballot_survives_a_rotated_secret_key_without_fallbacks(group, settings):
    """The seal has its own key: SECRET_KEY (sessions, signed links) can rotate without touching ballots."""
    first, first_organisation = fg.voter(group)
    second, second_organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=first_organisation, choice="No", by=first)
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = []
    assert services.verify_chain(_fresh(ballot)).intact
    services.cast_vote(ballot=_fresh(ballot), organisation=second_organisation, choice="Yes", by=second)
    assert services.verify_chain(_fresh(ballot)).intact


def test_changed_secret_vote_after_the_seal_key_rotated_replaces_the_choice(group, settings):
    user, organisation = fg.voter(group)
    fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    settings.BALLOT_SEAL_KEY_FALLBACKS = [settings.BALLOT_SEAL_KEY]
    settings.BALLOT_SEAL_KEY = "a-new-ballot-seal-key-" + "z" * 40
    assert services.verify_chain(_fresh(ballot)).intact

    services.cast_vote(ballot=_fresh(ballot), organisation=organisation, choice="Yes", by=user)

    assert list(AnonymousChoice.objects.filter(ballot=ballot).values_list("choice", flat=True)) == ["Yes"]
    assert services.verify_chain(_fresh(ballot)).intact


def test_seal_key_rotated_without_its_fallback_is_reported(group, settings):
    user, organisation = fg.voter(group)
    fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    settings.BALLOT_SEAL_KEY = "a-new-ballot-seal-key-" + "z" * 40
    settings.BALLOT_SEAL_KEY_FALLBACKS = []
    assert not services.verify_chain(_fresh(ballot)).intact
