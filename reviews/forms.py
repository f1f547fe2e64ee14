from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliances.models import Alliance, Criterion
from applications.models import Application
from common.forms import ModelChoiceField
from common.widgets import LongSelect
from documents.validators import validate_pdf_upload
from organisations.vocabulary import OrganisationType
from reviews import scoring, selectors
from reviews.models import Assignment, CriterionAssessment, Decision, Review
from reviews.scoring import CriterionLine
from reviews.selectors import Summary

SORT_CHOICES = [
    ("submitted", _("Submitted, oldest first")),
    ("-submitted", _("Submitted, newest first")),
    ("organisation", _("Organisation, A–Z")),
    ("-organisation", _("Organisation, Z–A")),
    ("state", _("Status")),
    ("alliance", _("Alliance")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Organisation name, acronym or reference."))
    alliance: forms.ModelChoiceField = ModelChoiceField(
        label=_("Alliance"), queryset=Alliance.objects.order_by("name"), required=False
    )
    state = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=LongSelect)
    organisation_type = forms.ChoiceField(label=_("Type of organisation"), required=False)
    reviewer = forms.TypedChoiceField(
        label=_("Reviewer"), coerce=int, empty_value=None, required=False, widget=LongSelect
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, show_reviewer: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Application.State.choices)
        any_choice = [("", _("Any"))]
        self._choice("state").choices = any_choice + [(s, labels[s]) for s in selectors.QUEUE_STATES]
        self._choice("country").choices = any_choice + list(countries)
        self._choice("organisation_type").choices = any_choice + list(OrganisationType.choices)
        if show_reviewer:
            self._choice("reviewer").choices = [*any_choice, *selectors.reviewer_choices()]
        else:
            del self.fields["reviewer"]

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class AssignForm(forms.Form):
    reviewer = ModelChoiceField(label=_("Reviewer"), queryset=selectors.reviewers(), widget=LongSelect)

    def __init__(self, *args: Any, application: Application | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if application is not None:
            # The list offers only who can take the application, but any reviewer is accepted here: the
            # service then says why one cannot (other alliance, unavailable, conflict), next to the field,
            # instead of a bare "select a valid choice" for a list that changed since the page was loaded.
            offered = ModelChoiceField(queryset=selectors.assignable_reviewers(application))
            widget: Any = self.fields["reviewer"].widget
            widget.choices = offered.choices


class BalanceForm(forms.Form):
    alliance: forms.ModelChoiceField = ModelChoiceField(
        label=_("Alliance to balance"), queryset=Alliance.objects.order_by("name")
    )


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict of interest"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    conflict_type = forms.ChoiceField(
        label=_("Type of conflict"),
        choices=[("", "—")] + list(Assignment.ConflictType.choices),
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("has_conflict"):
            if not data.get("conflict_type"):
                self.add_error("conflict_type", _("Say what kind of conflict you have."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Explain the conflict."))
        return data


def _scale(criterion: Criterion) -> list[Decimal]:
    value, values = criterion.scale_min, []
    while value <= criterion.scale_max:
        values.append(value)
        value += criterion.scale_step
    return values


def _label(value: Any) -> str:
    return scoring.number(Decimal(value))


SCALE_WORDS = {
    Decimal("0"): _("fails"),
    Decimal("1"): _("poor"),
    Decimal("2"): _("fair"),
    Decimal("3"): _("good"),
    Decimal("4"): _("very good"),
    Decimal("5"): _("excellent"),
}


def score_choices(criterion: Criterion) -> list[tuple[str, str]]:
    default_scale = criterion.scale_min == 0 and criterion.scale_max == 5
    choices = [("", "—")]
    for value in _scale(criterion):
        word = SCALE_WORDS.get(value) if default_scale else None
        choices.append((_label(value), f"{_label(value)} — {word}" if word else _label(value)))
    return choices


class ReviewForm(forms.Form):
    """One verdict or score and one comment per criterion, then the overall recommendation."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Review.Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    justification = forms.CharField(
        label=_("Justification of the recommendation"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(
        self, data: Any = None, files: Any = None, *, criteria: Any, review: Review | None = None, **kwargs: Any
    ) -> None:
        self.criteria: list[Criterion] = list(criteria)
        initial = kwargs.pop("initial", {}) or {}
        if review is not None:
            initial.update({"recommendation": review.recommendation, "justification": review.justification})
            for assessment in review.assessments.all():
                initial[f"verdict_{assessment.criterion_id}"] = assessment.verdict
                initial[f"score_{assessment.criterion_id}"] = (
                    _label(assessment.score) if assessment.score is not None else ""
                )
                initial[f"comment_{assessment.criterion_id}"] = assessment.comment
        super().__init__(data, files, initial=initial, **kwargs)
        ordered: dict[str, forms.Field] = {}
        for criterion in self.criteria:
            if criterion.is_gate:
                ordered[f"verdict_{criterion.pk}"] = forms.ChoiceField(
                    label=_("Verdict on “%(title)s”") % {"title": criterion.title},
                    choices=CriterionAssessment.Verdict.choices,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                ordered[f"score_{criterion.pk}"] = forms.ChoiceField(
                    label=_("Score for “%(title)s”") % {"title": criterion.title},
                    choices=score_choices(criterion),
                    required=False,
                    help_text=_("Threshold %(threshold)s, weight %(weight)s.")
                    % {"threshold": _label(criterion.threshold), "weight": _label(criterion.weight)},
                )
            ordered[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(title)s”") % {"title": criterion.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text=_("Required when a gate is not met or a score is below the threshold."),
            )
        self.fields = {**ordered, **self.fields}

    def criterion_rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        """(criterion, assessment field, comment field) for the template."""
        rows = []
        for criterion in self.criteria:
            key = f"verdict_{criterion.pk}" if criterion.is_gate else f"score_{criterion.pk}"
            rows.append((criterion, self[key], self[f"comment_{criterion.pk}"]))
        return rows

    def assessments(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        return {
            criterion.pk: {
                "verdict": data.get(f"verdict_{criterion.pk}", "") if criterion.is_gate else "",
                "score": (data.get(f"score_{criterion.pk}") or None) if not criterion.is_gate else None,
                "comment": data.get(f"comment_{criterion.pk}", ""),
            }
            for criterion in self.criteria
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's {criterion code or field: message} errors on the matching fields."""
        by_code = {criterion.code: criterion for criterion in self.criteria}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            criterion = by_code.get(key)
            if criterion is not None:
                name = f"verdict_{criterion.pk}" if criterion.is_gate else f"score_{criterion.pk}"
                message = " ".join(messages)
                if "comment" in message:
                    name = f"comment_{criterion.pk}"
                self.add_error(name, message)
            elif key in self.fields:
                self.add_error(key, messages)
            else:
                self.add_error(None, messages)


class ClarificationForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant receives it by e-mail; your name is not shown."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(
        label=_("Supporting document (PDF, optional)"), required=False, widget=forms.ClearableFileInput
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_pdf_upload(uploaded)
        return uploaded


class DecisionForm(forms.Form):
    """The consolidated assessment (per criterion, agreed verdict or score and comment) and the decision."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The applicant receives it, in the e-mail and in the decision letter."),
    )
    reason_without_all_reviews = forms.CharField(
        label=_("Reason to decide without every review"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required only when an assigned review is not submitted."),
    )

    def __init__(self, data: Any = None, files: Any = None, *, summary: Summary, **kwargs: Any) -> None:
        self.summary = summary
        initial = kwargs.pop("initial", {}) or {}
        for line in summary.lines:
            criterion = line.criterion
            if criterion.is_gate:
                initial.setdefault(f"agreed_{criterion.pk}", line.majority_verdict)
            elif line.mean is not None:
                step = criterion.scale_step
                rounded = (line.mean / step).quantize(Decimal("1")) * step
                initial.setdefault(f"agreed_{criterion.pk}", _label(rounded))
        super().__init__(data, files, initial=initial, **kwargs)
        ordered: dict[str, forms.Field] = {}
        for line in summary.lines:
            criterion = line.criterion
            if criterion.is_gate:
                ordered[f"agreed_{criterion.pk}"] = forms.ChoiceField(
                    label=_("Agreed verdict on “%(title)s”") % {"title": criterion.title},
                    choices=[("", "—")] + list(CriterionAssessment.Verdict.choices),
                )
            else:
                ordered[f"agreed_{criterion.pk}"] = forms.ChoiceField(
                    label=_("Agreed score for “%(title)s”") % {"title": criterion.title},
                    choices=score_choices(criterion),
                )
            ordered[f"summary_comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment to the applicant on “%(title)s”") % {"title": criterion.title},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        self.fields = {**ordered, **self.fields}

    def line_fields(self) -> list[tuple[CriterionLine, forms.BoundField, forms.BoundField]]:
        return [
            (line, self[f"agreed_{line.criterion.pk}"], self[f"summary_comment_{line.criterion.pk}"])
            for line in self.summary.lines
        ]

    def evaluation_summary(self) -> list[dict[str, str]]:
        verdicts = dict(CriterionAssessment.Verdict.choices)
        items = []
        for line in self.summary.lines:
            criterion = line.criterion
            agreed = self.cleaned_data.get(f"agreed_{criterion.pk}", "")
            items.append(
                {
                    "code": criterion.code,
                    "title": criterion.title,
                    "kind": criterion.kind,
                    "verdict": agreed if criterion.is_gate else "",
                    "verdict_label": str(verdicts.get(agreed, "")) if criterion.is_gate else "",
                    "score": agreed if not criterion.is_gate else "",
                    "scale_max": _label(criterion.scale_max),
                    "comment": self.cleaned_data.get(f"summary_comment_{criterion.pk}", "").strip(),
                }
            )
        return items
