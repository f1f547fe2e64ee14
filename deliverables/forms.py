"""Thin forms: they read and check input; the services decide."""

import zoneinfo
from datetime import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import ModelChoiceField
from deliverables import rendering
from deliverables.models import Comment, Deliverable, Version
from deliverables.selectors import eligible_rapporteurs
from documents.validators import validate_pdf_upload
from organisations.models import OrganisationUser
from workinggroups.forms import LocalDateTimeField
from workinggroups.models import Ballot, RosterEntry, WorkingGroup

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def _in_brussels(value: datetime | None) -> datetime | None:
    return timezone.make_aware(value, BRUSSELS) if value is not None else None


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["title", "kind", "summary", "target_date", "visibility"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visibility": forms.RadioSelect,
        }


class RapporteurChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: RosterEntry) -> str:
        return f"{obj.user.display_name} — {obj.organisation.legal_name}"


class RapporteurForm(forms.Form):
    entry = RapporteurChoiceField(
        label=_("Rapporteur"),
        queryset=None,
        help_text=_("Representatives of member organisations on the group's roster."),
    )

    def __init__(self, *args: Any, group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["entry"]).queryset = eligible_rapporteurs(group)


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Headings start with #; paragraphs are separated by an empty line and numbered for comments. "
            "HTML is not accepted."
        ),
    )
    pdf = forms.FileField(
        label=_("Or upload a PDF"), required=False, widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"})
    )
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool((cleaned.get("text") or "").strip()) == bool(cleaned.get("pdf")):
            raise forms.ValidationError(_("Write the text or upload a PDF (one of the two)."))
        return cleaned


class VersionEditForm(forms.Form):
    text = VersionForm.base_fields["text"]
    note = VersionForm.base_fields["note"]


class VersionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Version) -> str:
        return _("Version %(number)s") % {"number": obj.number}


def _versions_of(deliverable: Deliverable) -> Any:
    return Version.objects.filter(deliverable=deliverable).defer("text")


class RoundForm(forms.Form):
    version = VersionChoiceField(label=_("Version to comment on"), queryset=Version.objects.none(), empty_label=None)
    closes_at = LocalDateTimeField(label=_("Comments close (Brussels time)"))

    def __init__(self, *args: Any, deliverable: Deliverable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["version"]).queryset = _versions_of(deliverable)

    def clean_closes_at(self) -> datetime | None:
        return _in_brussels(self.cleaned_data.get("closes_at"))


class CommentForm(forms.Form):
    paragraph = forms.TypedChoiceField(label=_("On"), coerce=int, empty_value=None, required=False)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, version: Version, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        count = 0 if version.is_pdf else rendering.paragraph_count(version.text)
        choices: list[tuple[str, str]] = [("", str(_("The whole text")))]
        choices += [(str(n), str(_("Paragraph %(number)s") % {"number": n})) for n in range(1, count + 1)]
        cast(forms.ChoiceField, self.fields["paragraph"]).choices = choices


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        link = (
            OrganisationUser.objects.filter(user__email__iexact=email)
            .select_related("user", "organisation")
            .order_by("organisation__legal_name")
            .first()
        )
        if link is None:
            raise forms.ValidationError(_("Nobody with this e-mail acts for an organisation in the portal."))
        self.cleaned_data["user"], self.cleaned_data["organisation"] = link.user, link.organisation
        return email


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=Comment.Resolution.choices, widget=forms.RadioSelect)
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, comment: Comment, **kwargs: Any) -> None:
        kwargs["prefix"] = f"comment-{comment.pk}"
        super().__init__(*args, **kwargs)


class PutToVoteForm(forms.Form):
    version = VersionChoiceField(label=_("Version to adopt"), queryset=Version.objects.none(), empty_label=None)
    closes_at = LocalDateTimeField(label=_("Closes (Brussels time)"))
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% of eligible organisations that must take part)"), min_value=0, max_value=100, initial=50
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=Ballot.Majority.choices)
    majority_base = forms.ChoiceField(label=_("Majority of"), choices=Ballot.MajorityBase.choices)

    def __init__(self, *args: Any, deliverable: Deliverable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["version"]).queryset = _versions_of(deliverable)

    def clean_closes_at(self) -> datetime | None:
        return _in_brussels(self.cleaned_data.get("closes_at"))


class MinorityStatementForm(forms.Form):
    text = forms.CharField(label=_("Minority statement"), widget=forms.Textarea(attrs={"rows": 5}))


class CheckCopyForm(forms.Form):
    copy = forms.FileField(
        label=_("Your copy of the adopted deliverable (PDF)"),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy"].help_text = _(
            "PDF only, at most %(size)s. The file is compared with the adopted PDF on record, and not kept."
        ) % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)}

    def clean_copy(self) -> Any:
        copy = self.cleaned_data["copy"]
        self.cleaned_data["content"] = validate_pdf_upload(copy)
        return copy
