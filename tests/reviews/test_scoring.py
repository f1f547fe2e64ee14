"""How a review is scored: pure rules, tested on plain objects without a database."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from reviews import scoring


def criterion(pk=1, *, gate=False, code="c", title="Criterion", low="0", high="5", step="1", threshold="3", weight="1"):
    return SimpleNamespace(
        pk=pk,
        code=code,
        title=title,
        is_gate=gate,
        scale_min=Decimal(low),
        scale_max=Decimal(high),
        scale_step=Decimal(step),
        threshold=Decimal(threshold),
        weight=Decimal(weight),
    )


def assessment(score=None, verdict=""):
    return SimpleNamespace(score=None if score is None else Decimal(score), verdict=verdict)


# Scores -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "3", "5", 4, Decimal("2")])
def test_validate_score_on_the_scale_is_accepted(value):
    assert scoring.validate_score(criterion(), value) == Decimal(str(value))


def test_validate_score_half_points_where_the_scale_has_them():
    assert scoring.validate_score(criterion(step="0.5"), "3.5") == Decimal("3.5")
    with pytest.raises(ValidationError, match="steps of 1"):
        scoring.validate_score(criterion(), "3.5")


@pytest.mark.parametrize("value", ["-1", "5.5", "6"])
def test_validate_score_off_the_scale_is_refused(value):
    with pytest.raises(ValidationError, match="between 0 and 5"):
        scoring.validate_score(criterion(), value)


@pytest.mark.parametrize("value", ["four", "", "1/2"])
def test_validate_score_not_a_number_is_refused(value):
    with pytest.raises(ValidationError, match="Enter a number"):
        scoring.validate_score(criterion(), value)


def test_number_writes_decimals_as_people_do():
    assert [scoring.number(Decimal(v)) for v in ("4.50", "3.0", "0.25", "10")] == ["4.5", "3", "0.25", "10"]


# Comments and completeness ---------------------------------------------------------------------------------------


def test_comment_required_below_threshold_or_gate_not_met():
    scored, gate = criterion(threshold="3"), criterion(gate=True)
    assert scoring.comment_required(scored, score=Decimal("2.5"))
    assert not scoring.comment_required(scored, score=Decimal("3"))
    assert not scoring.comment_required(scored, score=None)
    assert scoring.comment_required(gate, verdict="not_met")
    assert not scoring.comment_required(gate, verdict="met")
    assert not scoring.comment_required(gate, verdict="unclear")


def test_clean_assessment_keeps_only_what_the_criterion_takes():
    cleaned, error = scoring.clean_assessment(criterion(), {"verdict": "met", "score": "4", "comment": " Fine. "})
    assert cleaned == {"verdict": "", "score": Decimal("4"), "comment": "Fine."} and error is None
    cleaned, error = scoring.clean_assessment(criterion(gate=True), {"verdict": "met", "score": "4"})
    assert cleaned == {"verdict": "met", "score": None, "comment": ""} and error is None
    cleaned, error = scoring.clean_assessment(criterion(), {"score": ""})
    assert cleaned["score"] is None and error is None


def test_clean_assessment_reports_a_bad_verdict_or_score():
    _cleaned, error = scoring.clean_assessment(criterion(gate=True), {"verdict": "maybe"})
    assert error == "Choose met, not met or unclear."
    _cleaned, error = scoring.clean_assessment(criterion(title="Security"), {"score": "9"})
    assert error == "Security: The score must be between 0 and 5."


def test_check_complete_names_every_missing_part():
    gate, scored = criterion(1, gate=True, code="gate", title="Gate"), criterion(2, code="score", title="Score")
    errors = scoring.check_complete([gate, scored], {}, "", " ")
    assert set(errors) == {"gate", "score", "recommendation", "justification"}
    assert errors["gate"] == "Give a verdict on “Gate”." and errors["score"] == "Score “Score”."


def test_check_complete_low_score_without_comment_is_incomplete():
    low = criterion(2, code="score", title="Score", threshold="3")
    errors = scoring.check_complete([low], {2: {"score": Decimal("1"), "comment": ""}}, "admit", "Because.")
    assert list(errors) == ["score"] and "a comment is required" in errors["score"]
    assert scoring.check_complete([low], {2: {"score": Decimal("1"), "comment": "Weak."}}, "admit", "Because.") == {}


# Means, weights, spread and gates -------------------------------------------------------------------------------


def test_mean_is_to_the_cent_half_up():
    assert scoring.mean([Decimal("4"), Decimal("4.5")]) == Decimal("4.25")
    assert scoring.mean([Decimal("1"), Decimal("1"), Decimal("2")]) == Decimal("1.33")
    assert scoring.mean([Decimal("1"), Decimal("2"), Decimal("2")]) == Decimal("1.67")
    assert scoring.mean([]) is None


def test_weighted_is_mean_times_weight_to_the_cent():
    assert scoring.weighted(Decimal("3.35"), Decimal("0.5")) == Decimal("1.68")  # 1.675, half up
    assert scoring.weighted(None, Decimal("2")) is None


def test_criterion_line_scores_spread_and_disagreement():
    line = scoring.criterion_line(criterion(), [assessment("5"), None, assessment("2.5")])
    assert (line.mean, line.low, line.high, line.spread) == (
        Decimal("3.75"),
        Decimal("2.5"),
        Decimal("5"),
        Decimal("2.5"),
    )
    assert line.disagreement and not line.below_threshold
    close = scoring.criterion_line(criterion(), [assessment("4"), assessment("3")])
    assert close.spread == Decimal("1") and not close.disagreement
    assert scoring.criterion_line(criterion(), []).spread is None


def test_criterion_line_spread_of_exactly_two_points_is_a_disagreement():
    assert scoring.criterion_line(criterion(), [assessment("1"), assessment("3")]).disagreement


def test_criterion_line_gates_count_verdicts_in_order():
    line = scoring.criterion_line(
        criterion(gate=True), [assessment(verdict="met"), assessment(verdict="not_met"), assessment(verdict="met")]
    )
    assert line.verdict_counts == {"met": 2, "not_met": 1}
    assert line.verdicts == ["met", "not_met", "met"]
    assert line.majority_verdict == "met" and line.disagreement
    assert scoring.majority_verdict({}) == ""


def test_weighted_total_needs_every_scored_criterion():
    first, second = criterion(1, weight="2"), criterion(2, weight="0.5")
    lines = [
        scoring.criterion_line(first, [assessment("4"), assessment("3")]),  # 3.50 x 2 = 7.00
        scoring.criterion_line(second, [assessment("5")]),  # 5.00 x 0.5 = 2.50
        scoring.criterion_line(criterion(3, gate=True), [assessment(verdict="met")]),
    ]
    assert scoring.weighted_total(lines) == Decimal("9.50")
    assert scoring.weighted_total([*lines, scoring.criterion_line(criterion(4), [])]) is None
    assert scoring.weighted_total([lines[2]]) is None  # no scored criterion at all


def test_all_gates_met_only_when_every_verdict_is_met():
    gate = criterion(gate=True)
    met = scoring.criterion_line(gate, [assessment(verdict="met"), assessment(verdict="met")])
    mixed = scoring.criterion_line(gate, [assessment(verdict="met"), assessment(verdict="unclear")])
    unjudged = scoring.criterion_line(gate, [])
    assert scoring.all_gates_met([met])
    assert not scoring.all_gates_met([met, mixed])
    assert not scoring.all_gates_met([met, unjudged])
    assert scoring.all_gates_met([scoring.criterion_line(criterion(), [assessment("1")])])  # no gates
