from django import forms
from django.utils.translation import gettext_lazy as _

from common.widgets import LongSelect
from organisations.models import Invitation, Organisation
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
        widgets = {
            "activities_description": forms.Textarea(attrs={"rows": 4}),
            "country": LongSelect,
            "legal_representative_country": LongSelect,
            "ultimate_parent_country": LongSelect,
        }

    def _post_clean(self) -> None:
        # The numbers are checked in Organisation.clean() (the admin uses it too), which stores them in the
        # form it checked; what the views save from cleaned_data is that form.
        super()._post_clean()  # type: ignore[misc]  # Django has it; django-stubs does not declare it
        for name in ("registration_number", "vat_number"):
            if name in self.cleaned_data:
                self.cleaned_data[name] = getattr(self.instance, name)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email"]
        labels = {"email": _("Colleague's e-mail address")}
