from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.models import Alliance
from applications.models import Application
from organisations.vocabulary import TechnologyArea, ValueChainSegment

REQUIRED_TO_SUBMIT = _("Required to submit.")


class StartApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    alliance = forms.ModelChoiceField(
        label=_("Alliance"), queryset=Alliance.objects.filter(is_open=True), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class OrganisationStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["presentation", "non_eu_control_measures"]
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 6}),
            "non_eu_control_measures": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presentation"].help_text = f"{self.fields['presentation'].help_text} {REQUIRED_TO_SUBMIT}"
        if not self.instance.organisation.is_controlled_outside_eu:
            del self.fields["non_eu_control_measures"]
        else:
            field = self.fields["non_eu_control_measures"]
            field.help_text = f"{field.help_text} {REQUIRED_TO_SUBMIT}"


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

    def __init__(self, *args, criteria, answers, **kwargs):
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

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"meets_{criterion.pk}"] if criterion.is_gate else None, self[f"text_{criterion.pk}"]

    def answers(self):
        """The valid answers, even when another field of the form is invalid, so that nothing is lost."""
        result = {}
        data = getattr(self, "cleaned_data", {})
        for criterion in self.criteria:
            text_key = f"text_{criterion.pk}"
            if text_key not in data:
                continue
            meets = data.get(f"meets_{criterion.pk}") if criterion.is_gate else None
            result[criterion] = {"meets": {"yes": True, "no": False}.get(meets), "text": data[text_key]}
        return result


class WorkingGroupsStepForm(forms.Form):
    working_groups = forms.ModelMultipleChoiceField(
        label=_("Working groups you would like to join"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Members can also propose new working groups later."),
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_groups"].queryset = alliance.working_groups.filter(is_active=True).order_by("name")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(
        label=_("File (PDF)"),
        help_text=_("PDF only, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        from documents.validators import validate_pdf_upload

        uploaded = self.cleaned_data["file"]
        validate_pdf_upload(uploaded)
        return uploaded


class SignDeclarationForm(forms.Form):
    signatory_name = forms.CharField(label=_("Signatory's full name"), max_length=200)
    signatory_position = forms.CharField(label=_("Signatory's position"), max_length=200)
    confirm = forms.BooleanField(
        label=_("I am authorised to sign for the organisation and I make this Declaration on its behalf.")
    )
    scan = forms.FileField(
        label=_("Scan of a hand-signed copy (optional, PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_scan(self):
        from documents.validators import validate_pdf_upload

        scan = self.cleaned_data.get("scan")
        if scan:
            validate_pdf_upload(scan)
        return scan


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the application?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
