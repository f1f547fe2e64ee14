"""Quorum and majority on the edge cases: ties, abstentions, exactly the quorum, two thirds."""

from workinggroups import tally as tally_module
from workinggroups.models import Ballot
from workinggroups.tally import tally

MOTION = ["Yes", "No", "Abstain"]


def motion(yes=0, no=0, abstain=0, *, eligible=10, quorum=50, majority="simple", base="cast"):
    return tally(
        kind=Ballot.Kind.MOTION,
        options=MOTION,
        counts={"Yes": yes, "No": no, "Abstain": abstain},
        eligible=eligible,
        participants=yes + no + abstain,
        quorum_percent=quorum,
        majority=majority,
        majority_base=base,
    )


def test_tally_tie_does_not_carry():
    result = motion(3, 3)
    assert result.quorum_reached and not result.carried and result.outcome == "tie"


def test_tally_exactly_the_quorum_is_reached():
    result = motion(4, 1, eligible=10, quorum=50)
    assert result.quorum_reached and result.carried


def test_tally_one_below_quorum_is_not_reached():
    result = motion(4, 0, eligible=10, quorum=50)
    assert not result.quorum_reached and not result.carried and result.outcome == "no_quorum"


def test_tally_abstentions_count_for_quorum_not_for_majority_of_votes_cast():
    result = motion(2, 1, 3, eligible=10, quorum=60)
    assert result.quorum_reached and result.carried and result.turnout_percent == 60.0


def test_tally_abstentions_weigh_against_majority_of_eligible():
    result = motion(4, 1, 5, eligible=10, base="eligible")
    assert result.quorum_reached and not result.carried and result.outcome == "no_majority"


def test_tally_only_abstentions_carries_nothing():
    result = motion(0, 0, 6)
    assert result.quorum_reached and not result.carried and result.outcome == "no_votes"


def test_tally_two_thirds_exactly_carries():
    assert motion(4, 2, eligible=6, majority="two_thirds").carried


def test_tally_just_under_two_thirds_does_not_carry():
    assert not motion(5, 3, eligible=8, majority="two_thirds").carried


def test_tally_simple_majority_of_eligible_needs_more_than_half_of_all():
    assert not motion(5, 0, eligible=10, base="eligible").carried
    assert motion(6, 0, eligible=10, base="eligible").carried


def test_tally_no_eligible_organisations_has_no_quorum():
    assert not motion(0, 0, eligible=0, quorum=0).quorum_reached


def test_tally_choice_tie_between_leaders_does_not_carry():
    result = tally(
        kind=Ballot.Kind.CHOICE,
        options=["Lisbon", "Dresden", "Abstain"],
        counts={"Lisbon": 2, "Dresden": 2, "Abstain": 1},
        eligible=5,
        participants=5,
        quorum_percent=50,
        majority="simple",
        majority_base="cast",
    )
    assert result.outcome == "tie" and not result.carried


def test_tally_choice_winner_needs_the_majority():
    counts = {"A": 3, "B": 2, "C": 2, "Abstain": 0}
    common = {"kind": "choice", "options": ["A", "B", "C", "Abstain"], "eligible": 7, "participants": 7}
    assert not tally(counts=counts, quorum_percent=0, majority="simple", majority_base="cast", **common).carried
    counts = {"A": 4, "B": 2, "C": 1, "Abstain": 0}
    result = tally(counts=counts, quorum_percent=0, majority="simple", majority_base="cast", **common)
    assert result.carried and result.winning_option == "A"


# Pure unit tests of the arithmetic: plain numbers in, no database.


def test_quorum_reached_at_exactly_the_percentage_and_not_one_below():
    assert tally_module.quorum_reached(participants=3, eligible=6, quorum_percent=50)
    assert not tally_module.quorum_reached(participants=2, eligible=6, quorum_percent=50)


def test_quorum_of_zero_percent_is_reached_without_participants_but_not_without_eligible():
    assert tally_module.quorum_reached(participants=0, eligible=4, quorum_percent=0)
    assert not tally_module.quorum_reached(participants=0, eligible=0, quorum_percent=0)


def test_quorum_of_a_hundred_percent_needs_everyone():
    assert not tally_module.quorum_reached(participants=9, eligible=10, quorum_percent=100)
    assert tally_module.quorum_reached(participants=10, eligible=10, quorum_percent=100)


def test_simple_majority_needs_more_than_half():
    assert not tally_module.meets_majority(2, base=4, majority=tally_module.SIMPLE)
    assert tally_module.meets_majority(3, base=4, majority=tally_module.SIMPLE)


def test_two_thirds_majority_needs_at_least_two_thirds():
    assert tally_module.meets_majority(2, base=3, majority="two_thirds")
    assert not tally_module.meets_majority(5, base=8, majority="two_thirds")


def test_no_majority_on_an_empty_base():
    assert not tally_module.meets_majority(0, base=0, majority=tally_module.SIMPLE)
    assert not tally_module.meets_majority(0, base=0, majority="two_thirds")


def test_turnout_percent_is_rounded_to_one_decimal_and_zero_without_eligible():
    assert motion(1, 0, eligible=3, quorum=0).turnout_percent == 33.3
    assert motion(0, 0, eligible=0, quorum=0).turnout_percent == 0.0


def test_motion_carried_names_yes_as_the_winning_option():
    result = motion(4, 1)
    assert (result.carried, result.outcome, result.winning_option) == (True, "carried", "Yes")


def test_motion_rejected_by_majority_has_no_winning_option():
    result = motion(1, 4)
    assert (result.carried, result.outcome, result.winning_option) == (False, "no_majority", "")


def test_tally_codes_match_the_ballot_model_choices():
    assert (tally_module.YES, tally_module.NO, tally_module.ABSTAIN) == (Ballot.YES, Ballot.NO, Ballot.ABSTAIN)
    assert tally_module.MOTION == Ballot.Kind.MOTION
    assert tally_module.SIMPLE == Ballot.Majority.SIMPLE
    assert tally_module.CAST == Ballot.MajorityBase.CAST
