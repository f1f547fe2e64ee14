import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.forms import ModelChoiceField
from common.widgets import LongSelect
from memberships import voting
from memberships.models import Membership
from organisations.models import Organisation, OrganisationUser
from workinggroups import selectors
from workinggroups.models import Ballot, Meeting, MeetingResponse, MinutesApproval, RosterEntry, WorkingGroup

TIME_ZONES = sorted(zoneinfo.available_timezones())
STANDING_ROLES = [
    (value, label) for value, label in RosterEntry.Role.choices if value != RosterEntry.Role.AD_HOC_INVITEE
]


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: OrganisationUser) -> str:
        return f"{obj.user.display_name} <{obj.user.email}> — {obj.organisation.legal_name}"


class RosterEntryForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person and organisation"),
        queryset=OrganisationUser.objects.none(),
        help_text=_("People of the alliance's active member organisations."),
        widget=LongSelect,
    )
    role = forms.ChoiceField(label=_("Role"), choices=STANDING_ROLES)

    def __init__(self, *args: Any, group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = (
            OrganisationUser.objects.filter(organisation_id__in=voting.voting_organisations(group.alliance_id))
            .exclude(user__roster_entries__group=group, user__roster_entries__meeting__isnull=True)
            .select_related("user", "organisation")
            .order_by("organisation__legal_name", "user__full_name", "user__email")
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=STANDING_ROLES)


class NamedPersonChoiceField(ModelChoiceField):
    """A person by name and organisation, without their e-mail address."""

    def label_from_instance(self, obj: OrganisationUser) -> str:
        name = obj.user.full_name or obj.user.get_full_name() or _("Unnamed person")
        return f"{name} — {obj.organisation.legal_name}"


class AdHocInviteeForm(forms.Form):
    person = NamedPersonChoiceField(
        label=_("Person and organisation"),
        queryset=OrganisationUser.objects.none(),
        widget=LongSelect,
        help_text=_(
            "People of the organisations on the group's roster, of the alliance's members and of the organisations "
            "that applied to it. An ad-hoc invitee never votes."
        ),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = selectors.ad_hoc_candidates(meeting)


class JoinRequestForm(forms.Form):
    organisation = ModelChoiceField(label=_("For the organisation"), queryset=Organisation.objects.none())
    motivation = forms.CharField(
        label=_("Why you want to join"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, group: WorkingGroup, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.filter(
            pk__in=voting.voting_organisations(group.alliance_id), memberships_of_users__user=user
        ).order_by("legal_name")


class CloseBallotForm(forms.Form):
    """Closing a ballot by hand: before its closing time the reason is required (the service says so)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("Required before the ballot's closing time; recorded in the audit trail."),
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> datetime | None:
        # Read as a wall-clock time; the form puts it into the chosen time zone.
        if value in self.empty_values:
            return None
        for fmt in self.input_formats:
            try:
                return datetime.strptime(value.strip(), fmt)  # noqa: DTZ007 - made aware in clean()
            except (ValueError, TypeError):
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone) for zone in TIME_ZONES],
        initial="Europe/Brussels",
        widget=LongSelect,
    )
    starts_at = LocalDateTimeField(label=_("Starts (in the meeting's time zone)"))
    ends_at = LocalDateTimeField(label=_("Ends (in the meeting's time zone)"))
    location = forms.CharField(label=_("Place"), max_length=255, required=False)
    online_link = forms.URLField(label=_("Link to join online"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea, required=False)

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict[str, object]:
        return {
            "title": meeting.title,
            "time_zone": meeting.time_zone,
            "starts_at": meeting.local_starts_at.replace(tzinfo=None),
            "ends_at": meeting.local_ends_at.replace(tzinfo=None),
            "location": meeting.location,
            "online_link": meeting.online_link,
            "agenda": meeting.agenda,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ("starts_at", "ends_at"):
            if cleaned.get(name) is not None:
                cleaned[name] = timezone.make_aware(cleaned[name], zone)
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, invitees: Iterable[RosterEntry], answers: dict[int, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MeetingResponse.Answer.choices)
        answers = answers or {}
        cast(forms.ChoiceField, self.fields["present"]).choices = [
            (
                str(entry.user_id),
                f"{entry.user.display_name} — {entry.organisation.legal_name} ({entry.get_role_display()})"
                + (f" — {labels[answers[entry.user_id]]}" if entry.user_id in answers else ""),
            )
            for entry in invitees
        ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you attend?"), choices=MeetingResponse.Answer.choices, widget=forms.RadioSelect
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}), required=False)


class MinutesTextForm(forms.Form):
    """The chairs complete the minutes drafted from the record (workinggroups.minutes)."""

    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 20}))


class MinutesApprovalForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Approved"), choices=MinutesApproval.choices, widget=forms.RadioSelect)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(label=_("File (PDF)"))


class BallotForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=500)
    description = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Ballot.Kind.choices, initial=Ballot.Kind.MOTION)
    options = forms.CharField(
        label=_("Options (for a choice, one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("A motion always offers Yes, No and Abstain. A choice adds Abstain to your options."),
    )
    opens_at = LocalDateTimeField(
        label=_("Opens (Brussels time)"), required=False, help_text=_("Leave empty to open the ballot now.")
    )
    closes_at = LocalDateTimeField(label=_("Closes (Brussels time)"))
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% of eligible organisations that must take part)"), min_value=0, max_value=100, initial=50
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=Ballot.Majority.choices)
    majority_base = forms.ChoiceField(
        label=_("Majority of"),
        choices=Ballot.MajorityBase.choices,
        help_text=_(
            "Of the votes cast: abstentions are not counted. Of the eligible organisations: abstaining or not "
            "voting weighs like a vote against. A tie never carries."
        ),
    )
    is_secret = forms.BooleanField(
        label=_("Secret ballot (nobody sees who voted what, only who took part)"), required=False
    )
    meeting = ModelChoiceField(label=_("At the meeting"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = Meeting.objects.filter(
            group=group, state=Meeting.State.SCHEDULED
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        zone = zoneinfo.ZoneInfo("Europe/Brussels")
        for name in ("opens_at", "closes_at"):
            if cleaned.get(name) is not None:
                cleaned[name] = timezone.make_aware(cleaned[name], zone)
        if cleaned.get("kind") == Ballot.Kind.CHOICE:
            cleaned["option_list"] = [line.strip() for line in cleaned.get("options", "").splitlines() if line.strip()]
            if len(cleaned["option_list"]) < 2:
                self.add_error("options", _("A choice needs at least two options, one per line."))
        else:
            cleaned["option_list"] = None
        return cleaned


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your organisation's vote"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, ballot: Ballot, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["choice"]).choices = [(option, option) for option in ballot.options]
        self.fields["choice"].label = _("Vote of %(org)s") % {"org": organisation.legal_name}
        self.auto_id = f"id_vote_{organisation.pk}_%s"


class ProxyForm(forms.Form):
    organisation = ModelChoiceField(label=_("Give the vote of"), queryset=Organisation.objects.none())
    holder = ModelChoiceField(
        label=_("To the member organisation"), queryset=Organisation.objects.none(), widget=LongSelect
    )

    def __init__(self, *args: Any, own: QuerySet[Organisation], others: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = own
        cast(forms.ModelChoiceField, self.fields["holder"]).queryset = others


class MembershipChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.organisation.legal_name} — {obj.alliance.short_name}"


class ProposalForm(forms.Form):
    membership = MembershipChoiceField(label=_("Proposed by"), queryset=Membership.objects.none())
    name = forms.CharField(label=_("Name of the working group"), max_length=200)
    mandate = forms.CharField(label=_("Mandate"), widget=forms.Textarea(attrs={"rows": 5}))
    rationale = forms.CharField(label=_("Why the alliance needs it"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["membership"]).queryset = (
            Membership.objects.active()
            .filter(organisation__memberships_of_users__user=user)
            .select_related("organisation", "alliance")
        )
