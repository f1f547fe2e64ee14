"""Quorum and majority, computed from plain numbers: no database, no Django.

The ballot's settings arrive as the string values of `Ballot.Kind`, `Ballot.Majority` and `Ballot.MajorityBase`
(text choices compare equal to their values), so this module stays free of the ORM and is tested on its own.
"""

from dataclasses import dataclass

YES = "Yes"
NO = "No"
ABSTAIN = "Abstain"

MOTION = "motion"
SIMPLE = "simple"
CAST = "cast"

NO_QUORUM = "no_quorum"
NO_VOTES = "no_votes"
TIE = "tie"
NO_MAJORITY = "no_majority"
CARRIED = "carried"


@dataclass(frozen=True)
class Result:
    eligible: int
    participants: int
    counts: dict[str, int]
    quorum_reached: bool
    carried: bool
    outcome: str
    winning_option: str = ""

    @property
    def turnout_percent(self) -> float:
        return round(100 * self.participants / self.eligible, 1) if self.eligible else 0.0


def quorum_reached(*, participants: int, eligible: int, quorum_percent: int) -> bool:
    """At least `quorum_percent` % of the eligible organisations took part (abstaining is taking part)."""
    return eligible > 0 and participants * 100 >= quorum_percent * eligible


def meets_majority(number: int, *, base: int, majority: str) -> bool:
    """Simple = more than half of the base, two-thirds = at least two thirds of it. Nothing carries on no base."""
    if base == 0:
        return False
    if majority == SIMPLE:
        return number * 2 > base
    return number * 3 >= base * 2


def tally(
    *,
    kind: str,
    options: list[str],
    counts: dict[str, int],
    eligible: int,
    participants: int,
    quorum_percent: int,
    majority: str,
    majority_base: str,
) -> Result:
    """Quorum and majority, computed.

    Quorum: at least `quorum_percent` % of the eligible organisations took part (abstaining is taking part).
    Majority: of the votes cast (yes + no, or every option but abstention) or of the eligible organisations;
    simple = more than half, two-thirds = at least two thirds. A tie never carries.
    """
    reached = quorum_reached(participants=participants, eligible=eligible, quorum_percent=quorum_percent)
    voting = [option for option in options if option != ABSTAIN]
    cast = sum(counts.get(option, 0) for option in voting)
    base = cast if majority_base == CAST else eligible

    def result(carried: bool, outcome: str, winner: str = "") -> Result:
        return Result(eligible, participants, counts, reached, carried, outcome, winner)

    if not reached:
        return result(False, NO_QUORUM)
    if cast == 0:
        return result(False, NO_VOTES)
    if kind == MOTION:
        yes, no = counts.get(YES, 0), counts.get(NO, 0)
        if yes == no:
            return result(False, TIE)
        return (
            result(True, CARRIED, YES)
            if meets_majority(yes, base=base, majority=majority)
            else result(False, NO_MAJORITY)
        )
    top = max(counts.get(option, 0) for option in voting)
    leaders = [option for option in voting if counts.get(option, 0) == top]
    if len(leaders) > 1:
        return result(False, TIE)
    if meets_majority(top, base=base, majority=majority):
        return result(True, CARRIED, leaders[0])
    return result(False, NO_MAJORITY)
