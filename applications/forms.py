from collections.abc import Iterable, Iterator
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms import BoundField
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from alliances.models import Alliance, Criterion
from applications.models import Application, CriterionAnswer
from common.forms import ModelChoiceField, ModelMultipleChoiceField
from documents.validators import validate_pdf_upload
from organisations.models import Organisation
from organisations.vocabulary import TechnologyArea, ValueChainSegment

REQUIRED_TO_SUBMIT = _("Required to submit.")
# A gate's answer: "yes", "no", or not given (None).
MEETS = {"yes": True, "no": False}


class StartApplicationForm(forms.Form):
    organisation: forms.ModelChoiceField = ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    alliance: forms.ModelChoiceField = ModelChoiceField(
        label=_("Alliance"), queryset=Alliance.objects.filter(is_open=True), empty_label=None
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class OrganisationStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["presentation", *Application.NON_EU_MEASURES]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ["presentation", *Application.NON_EU_MEASURES]}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each is required to submit, not to save a draft: the step can be left half done and resumed.
        self.fields["presentation"].help_text = f"{self.fields['presentation'].help_text} {REQUIRED_TO_SUBMIT}"
        for name in Application.NON_EU_MEASURES:
            if not self.instance.organisation.is_controlled_outside_eu:
                del self.fields[name]
            else:
                self.fields[name].help_text = f"{self.fields[name].help_text} {REQUIRED_TO_SUBMIT}"

    @property
    def non_eu_fields(self) -> list[BoundField]:
        return [self[name] for name in Application.NON_EU_MEASURES if name in self.fields]

    @property
    def general_fields(self) -> list[BoundField]:
        return [field for field in self.visible_fields() if field.name not in Application.NON_EU_MEASURES]


class ActivitiesStepForm(forms.ModelForm):
    value_chain_segments = forms.MultipleChoiceField(
        label=_("Value-chain segments"),
        choices=ValueChainSegment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one is required to submit."),
    )
    technology_areas = forms.MultipleChoiceField(
        label=_("Technology areas"),
        choices=TechnologyArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["value_chain_segments", "technology_areas", "relevant_activities"]
        widgets = {"relevant_activities": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"relevant_activities": _("Your activities in the Alliance's field. Required to submit.")}


class CriteriaStepForm(forms.Form):
    """One answer per criterion of the application's criteria version; gates also ask yes or no."""

    MEETS_CHOICES = [("yes", _("Yes")), ("no", _("No"))]

    def __init__(
        self, *args: Any, criteria: Iterable[Criterion], answers: dict[int, CriterionAnswer], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            answer = answers.get(criterion.pk)
            if criterion.is_gate:
                self.fields[f"meets_{criterion.pk}"] = forms.ChoiceField(
                    label=_("Does your organisation meet this criterion?"),
                    choices=self.MEETS_CHOICES,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=None if answer is None or answer.meets is None else ("yes" if answer.meets else "no"),
                )
            self.fields[f"text_{criterion.pk}"] = forms.CharField(
                label=criterion.title,
                help_text=criterion.question,
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
                max_length=10000,
                initial=answer.text if answer else "",
            )

    def rows(self) -> Iterator[tuple[Criterion, BoundField | None, BoundField]]:
        for criterion in self.criteria:
            yield criterion, self[f"meets_{criterion.pk}"] if criterion.is_gate else None, self[f"text_{criterion.pk}"]

    def answers(self) -> dict[Criterion, dict]:
        """The valid answers, even when another field of the form is invalid, so that nothing is lost."""
        result = {}
        data = getattr(self, "cleaned_data", {})
        for criterion in self.criteria:
            text_key = f"text_{criterion.pk}"
            if text_key not in data:
                continue
            meets = data.get(f"meets_{criterion.pk}") if criterion.is_gate else None
            result[criterion] = {"meets": MEETS.get(meets or ""), "text": data[text_key]}
        return result


class WorkingGroupsStepForm(forms.Form):
    working_groups: forms.ModelMultipleChoiceField = ModelMultipleChoiceField(
        label=_("Working groups you would like to join"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Members can also propose new working groups later."),
    )

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["working_groups"]).queryset = alliance.working_groups.filter(
            is_active=True
        ).order_by("name")


def pdf_help_text() -> str:
    """The help text of a PDF upload field, with the size limit (a setting)."""
    return _("PDF only, at most %(size)s.") % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(
        label=_("File (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    proves_non_eu_control_measures = forms.BooleanField(
        label=_("This document is proof of our measures against control from outside the EU"),
        required=False,
        help_text=_("Optional. Reviewers see it next to your legal, organisational and technical measures."),
    )

    def __init__(self, *args: Any, ask_non_eu_proof: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is a setting, so the help text is made when the form is, not when the module is loaded.
        self.fields["file"].help_text = pdf_help_text()
        if not ask_non_eu_proof:
            del self.fields["proves_non_eu_control_measures"]

    def clean_file(self) -> UploadedFile:
        uploaded = self.cleaned_data["file"]
        validate_pdf_upload(uploaded)
        return uploaded


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the application?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
