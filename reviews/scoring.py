"""How a review is scored: pure rules, no database.

Score validation, when a comment is required, what a complete review holds, the mean and weighted score of a
criterion, the spread that flags a disagreement, and the gates' verdicts side by side. Everything here works
on plain values and on objects that look like criteria and assessments (`is_gate`, `scale_min`, `scale_max`,
`scale_step`, `threshold`, `weight`, `code`, `title`; `verdict`, `score`), so it is tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reviews.models import CriterionAssessment

Verdict = CriterionAssessment.Verdict
# Scores further apart than this (in points) are flagged as a disagreement for the decision maker.
DISAGREEMENT_SPREAD = Decimal("2")
CENT = Decimal("0.01")


class CriterionLike(Protocol):
    """What scoring reads of a criterion (alliances.models.Criterion, or a plain object in the unit tests)."""

    @property
    def pk(self) -> Any: ...
    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def is_gate(self) -> bool: ...
    @property
    def scale_min(self) -> Decimal: ...
    @property
    def scale_max(self) -> Decimal: ...
    @property
    def scale_step(self) -> Decimal: ...
    @property
    def threshold(self) -> Decimal: ...
    @property
    def weight(self) -> Decimal: ...


class AssessmentLike(Protocol):
    """What scoring reads of an assessment (reviews.models.CriterionAssessment, or a plain object)."""

    @property
    def verdict(self) -> str: ...
    @property
    def score(self) -> Decimal | None: ...


def number(value: Any) -> str:
    """A decimal as people write it: 4.5, 3, never 4.50 or 3.0."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def validate_score(criterion: CriterionLike, score: Any) -> Decimal:
    """A score on the criterion's scale, in its steps (half points where the scale says so)."""
    try:
        score = Decimal(str(score))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("Enter a number.")) from error
    if score < criterion.scale_min or score > criterion.scale_max:
        raise ValidationError(
            _("The score must be between %(min)s and %(max)s.")
            % {"min": number(criterion.scale_min), "max": number(criterion.scale_max)}
        )
    if (score - criterion.scale_min) % criterion.scale_step != 0:
        raise ValidationError(_("The score must be in steps of %(step)s.") % {"step": number(criterion.scale_step)})
    return score


def comment_required(criterion: CriterionLike, *, verdict: str = "", score: Any = None) -> bool:
    """A comment is required when a gate is not met or a score is below the criterion's threshold."""
    if criterion.is_gate:
        return verdict == Verdict.NOT_MET
    return score is not None and Decimal(str(score)) < criterion.threshold


def clean_assessment(criterion: CriterionLike, values: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """One criterion's {"verdict", "score", "comment"} as stored, and the error on it (None when it is fine).

    A gate keeps only its verdict, a scored criterion only its score; an empty score is no score.
    """
    verdict, score, error = values.get("verdict") or "", values.get("score"), None
    if criterion.is_gate:
        score = None
        if verdict and verdict not in Verdict.values:
            error = _("Choose met, not met or unclear.")
    else:
        verdict = ""
        if score in (None, ""):
            score = None
        else:
            try:
                score = validate_score(criterion, score)
            except ValidationError as invalid:
                error = f"{criterion.title}: {' '.join(invalid.messages)}"
    return {"verdict": verdict, "score": score, "comment": (values.get("comment") or "").strip()}, error


def _missing(criterion: CriterionLike, values: Mapping[str, Any]) -> str | None:
    verdict, score, comment = values.get("verdict") or "", values.get("score"), (values.get("comment") or "")
    if criterion.is_gate and not verdict:
        return _("Give a verdict on “%(title)s”.") % {"title": criterion.title}
    if not criterion.is_gate and score is None:
        return _("Score “%(title)s”.") % {"title": criterion.title}
    if comment_required(criterion, verdict=verdict, score=score) and not comment.strip():
        return _("“%(title)s”: a comment is required when a gate is not met or a score is below the threshold.") % {
            "title": criterion.title
        }
    return None


def check_complete(
    criteria: Iterable[CriterionLike],
    assessments: Mapping[Any, Mapping[str, Any]],
    recommendation: str,
    justification: str,
) -> dict[str, str]:
    """What still stops a review from being submitted, per field: {criterion code or field: message}."""
    errors = {}
    for criterion in criteria:
        message = _missing(criterion, assessments.get(criterion.pk) or {})
        if message is not None:
            errors[criterion.code] = message
    if not recommendation:
        errors["recommendation"] = _("Give an overall recommendation.")
    if not (justification or "").strip():
        errors["justification"] = _("Justify your recommendation.")
    return errors


def mean(scores: Sequence[Decimal]) -> Decimal | None:
    """The mean of the reviewers' scores to the cent (half up), None without scores."""
    if not scores:
        return None
    return (sum(scores, Decimal("0")) / len(scores)).quantize(CENT, rounding=ROUND_HALF_UP)


def weighted(mean_score: Decimal | None, weight: Decimal) -> Decimal | None:
    """A criterion's mean times its weight, to the cent (half up)."""
    if mean_score is None:
        return None
    return (mean_score * weight).quantize(CENT, rounding=ROUND_HALF_UP)


def spread(scores: Sequence[Decimal]) -> Decimal | None:
    """How far apart the highest and lowest scores are, None without scores."""
    if not scores:
        return None
    return max(scores) - min(scores)


def is_disagreement(*, is_gate: bool, spread: Decimal | None, verdict_counts: Mapping[str, int]) -> bool:
    """Reviewers disagree when a gate got different verdicts, or scores lie DISAGREEMENT_SPREAD or more apart."""
    if is_gate:
        return len(verdict_counts) > 1
    return spread is not None and spread >= DISAGREEMENT_SPREAD


def majority_verdict(verdict_counts: Mapping[str, int]) -> str:
    """The verdict given most often (the first one counted on a tie), "" when there is none."""
    if not verdict_counts:
        return ""
    return max(verdict_counts.items(), key=lambda item: item[1])[0]


def gate_met(verdict_counts: Mapping[str, int]) -> bool:
    """A gate is met when at least one reviewer judged it and every verdict is "met"."""
    return bool(verdict_counts) and set(verdict_counts) == {Verdict.MET}


@dataclass
class CriterionLine:
    """One criterion across the submitted reviews: the cells side by side, the mean, the spread, the verdicts."""

    criterion: Any
    cells: list = field(default_factory=list)  # one assessment (or None) per review, in the reviews' order
    mean: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    verdict_counts: dict[str, int] = field(default_factory=dict)

    @property
    def spread(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def disagreement(self) -> bool:
        return is_disagreement(is_gate=self.criterion.is_gate, spread=self.spread, verdict_counts=self.verdict_counts)

    @property
    def below_threshold(self) -> bool:
        return self.mean is not None and self.mean < self.criterion.threshold

    @property
    def weighted(self) -> Decimal | None:
        return weighted(self.mean, self.criterion.weight)

    @property
    def majority_verdict(self) -> str:
        return majority_verdict(self.verdict_counts)

    @property
    def verdicts(self) -> list[str]:
        """The verdicts given, in the reviews' order (a gate's cells without a verdict left out)."""
        return [cell.verdict for cell in self.cells if cell is not None and cell.verdict]


def criterion_line(criterion: CriterionLike, cells: Sequence[AssessmentLike | None]) -> CriterionLine:
    """The line of one criterion from its assessments, one per submitted review (None where a review has none)."""
    line = CriterionLine(criterion=criterion, cells=list(cells))
    scores = []
    for assessment in cells:
        if assessment is None:
            continue
        if criterion.is_gate and assessment.verdict:
            line.verdict_counts[assessment.verdict] = line.verdict_counts.get(assessment.verdict, 0) + 1
        elif assessment.score is not None:
            scores.append(assessment.score)
    if scores:
        line.mean = mean(scores)
        line.low, line.high = min(scores), max(scores)
    return line


def weighted_total(lines: Iterable[CriterionLine]) -> Decimal | None:
    """The sum of the scored criteria's weighted means; None while a scored criterion has no score (or none)."""
    values = [line.weighted for line in lines if not line.criterion.is_gate]
    if not values or any(value is None for value in values):
        return None
    return sum((value for value in values if value is not None), Decimal("0"))


def all_gates_met(lines: Iterable[CriterionLine]) -> bool:
    """Every gate judged "met" by every reviewer who judged it (and by at least one)."""
    return all(gate_met(line.verdict_counts) for line in lines if line.criterion.is_gate)
