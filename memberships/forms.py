from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from alliances.models import Alliance
from common.forms import ModelChoiceField
from common.widgets import LongSelect
from memberships.models import Membership


class DirectoryFilterForm(forms.Form):
    alliance: forms.ModelChoiceField = ModelChoiceField(
        label=_("Alliance"), queryset=Alliance.objects.order_by("name"), required=False, empty_label=_("All")
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All")), *Membership.State.choices], required=False)


class StateChangeForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=Membership.State.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = Membership.ALLOWED_MOVES.get(membership.state, ())
        cast(forms.ChoiceField, self.fields["to_state"]).choices = [
            (value, label) for value, label in Membership.State.choices if value in allowed
        ]


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} <{obj.email}>"


class RepresentativeForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=User.objects.none(), widget=LongSelect)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            organisation_roles__organisation_id=membership.organisation_id
        ).exclude(member_representations__membership=membership)
