from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Invitation, Organisation
from organisations.validators import clean_vat_number
from organisations.vocabulary import TechnologyArea, ValueChainSegment


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    value_chain_segments = forms.MultipleChoiceField(
        label=_("Value-chain segments"),
        choices=ValueChainSegment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    technology_areas = forms.MultipleChoiceField(
        label=_("Technology areas"),
        choices=TechnologyArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "acronym",
            "organisation_type",
            "country",
            "registration_number",
            "vat_number",
            "website",
            "street",
            "postcode",
            "city",
            "legal_representative_country",
            "legal_representative_name",
            "legal_representative_position",
            "legal_representative_email",
            "ultimate_parent_name",
            "ultimate_parent_country",
            "value_chain_segments",
            "technology_areas",
            "activities_description",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"activities_description": forms.Textarea(attrs={"rows": 4})}

    def clean_vat_number(self):
        country = self.data.get(self.add_prefix("country")) or ""
        return clean_vat_number(self.cleaned_data.get("vat_number", ""), country)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ultimate_parent_name") and not cleaned.get("ultimate_parent_country"):
            self.add_error("ultimate_parent_country", _("Give the country of the ultimate parent."))
        return cleaned


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email"]
        labels = {"email": _("Colleague's e-mail address")}
