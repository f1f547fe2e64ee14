import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workinggroups import tally
from workinggroups.models.responses import MeetingResponse as MeetingResponse  # re-exported


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class WorkingGroup(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="working_groups")
    slug = models.SlugField()
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["alliance", "name"]
        constraints = [models.UniqueConstraint(fields=["alliance", "slug"], name="workinggroup_unique_slug")]

    def __str__(self):
        return self.name


class RosterEntry(models.Model):
    """A person in a working group for an organisation. Nobody's vote is stored here: it is derived."""

    class Role(models.TextChoices):
        MEMBER_REPRESENTATIVE = "member_representative", _("Member representative")
        CHAIR = "chair", _("Co-chair")
        OBSERVER = "observer", _("Observer")
        AD_HOC_INVITEE = "ad_hoc_invitee", _("Ad-hoc invitee (one meeting, no vote)")

    VOTING_ROLES = (Role.MEMBER_REPRESENTATIVE, Role.CHAIR)

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="roster")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="roster_entries")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ad_hoc_invitees",
        help_text=_("Only for an ad-hoc invitee: the one meeting the person is invited to."),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        ordering = ["group", "organisation__legal_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=models.Q(meeting__isnull=True), name="rosterentry_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(meeting__isnull=False),
                name="rosterentry_one_invitation_per_meeting",
            ),
            models.CheckConstraint(
                condition=(models.Q(role="ad_hoc_invitee", meeting__isnull=False))
                | (models.Q(role__in=["member_representative", "chair", "observer"], meeting__isnull=True)),
                name="rosterentry_ad_hoc_only_for_a_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) — {self.organisation}"

    @property
    def is_ad_hoc(self):
        return self.role == self.Role.AD_HOC_INVITEE


class JoinRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="join_requests")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    motivation = models.TextField(_("why you want to join"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=models.Q(state="pending"), name="joinrequest_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.group}"


class MinutesApproval(models.TextChoices):
    AT_MEETING = "meeting", _("At the next meeting")
    WRITTEN = "written", _("By written procedure")


class Meeting(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    location = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("link to join online"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    # Minutes are approved at the next meeting or by written procedure, and only then published (minutes.py).
    minutes_approval = models.CharField(
        _("minutes approved"), max_length=10, choices=MinutesApproval.choices, blank=True
    )
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_approved_at_meeting = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0, help_text="RFC 5545 SEQUENCE: raised on every change.")
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_approval="", minutes_approved_at__isnull=True)
                | (~models.Q(minutes_approval="") & models.Q(minutes_approved_at__isnull=False)),
                name="meeting_minutes_approved_with_time",
            ),
        ]

    def __str__(self):
        return f"{self.group} — {self.title}"

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.zone)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=True)
    apologies = models.BooleanField(_("apologies sent"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_person")]

    def __str__(self):
        return f"{self.user} — {self.meeting}"


def meeting_document_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}.pdf"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to=meeting_document_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at"]

    def __str__(self):
        return self.title


class Ballot(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        MOTION = "motion", _("Motion: yes / no / abstain")
        CHOICE = "choice", _("Choice between options")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("Simple majority (more than half)")
        TWO_THIRDS = "two_thirds", _("Two-thirds majority (at least two thirds)")

    class MajorityBase(models.TextChoices):
        CAST = "cast", _("of the votes cast")
        ELIGIBLE = "eligible", _("of the eligible organisations")

    ABSTAIN = tally.ABSTAIN
    YES = tally.YES
    NO = tally.NO

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="ballots")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="ballots")
    question = models.CharField(_("question"), max_length=500)
    description = models.TextField(_("explanation"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOTION)
    options = models.JSONField(_("options"), default=list)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of eligible organisations that must take part (abstaining counts as taking part)."),
    )
    majority = models.CharField(_("majority"), max_length=10, choices=Majority.choices, default=Majority.SIMPLE)
    majority_base = models.CharField(
        _("majority of"), max_length=10, choices=MajorityBase.choices, default=MajorityBase.CAST
    )
    is_secret = models.BooleanField(
        _("secret ballot"), default=False, help_text=_("Nobody sees who voted what; only who took part.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    salt = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chain_head = models.CharField(max_length=64, blank=True)
    choice_chain_head = models.CharField(max_length=64, blank=True)
    # The frozen result, written once when the ballot closes.
    eligible_count = models.PositiveIntegerField(null=True, blank=True)
    participant_count = models.PositiveIntegerField(null=True, blank=True)
    counts = models.JSONField(null=True, blank=True)
    quorum_reached = models.BooleanField(null=True, blank=True)
    carried = models.BooleanField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    winning_option = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="ballot_closes_after_open"
            ),
            models.CheckConstraint(condition=models.Q(quorum_percent__lte=100), name="ballot_quorum_percent"),
            models.CheckConstraint(condition=models.Q(state__in=["scheduled", "open", "closed"]), name="ballot_state"),
        ]

    def __str__(self):
        return self.question

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def is_closed(self):
        return self.state == self.State.CLOSED

    @property
    def is_closing(self):
        """Past its closing time, not yet closed by the scheduler: it accepts nothing more, so it is not shown open."""
        return self.state == self.State.OPEN and timezone.now() >= self.closes_at

    @property
    def status(self):
        return "closing" if self.is_closing else self.state

    @property
    def status_label(self):
        return _("Closing") if self.is_closing else self.get_state_display()

    @property
    def is_choice(self) -> bool:
        return self.kind == self.Kind.CHOICE

    @property
    def counts_cast_votes_only(self) -> bool:
        """The majority is of the votes cast (abstentions not counted), not of the eligible organisations."""
        return self.majority_base == self.MajorityBase.CAST


class EligibleOrganisation(models.Model):
    """An organisation with a vote in the ballot, fixed when it opened."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="eligible")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "organisation"], name="eligible_once")]

    def __str__(self):
        return f"{self.organisation_id} in {self.ballot_id}"


class Proxy(models.Model):
    """An organisation gives its vote in one ballot to another member organisation."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="proxies")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "organisation"], name="proxy_one_per_organisation"),
            models.CheckConstraint(condition=~models.Q(organisation=models.F("holder")), name="proxy_not_to_self"),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.holder}"


class CastBallot(models.Model):
    """An organisation's participation in a ballot: one row, whatever the number of its people.

    In a named ballot the row holds the choice. In a secret ballot it does not: the choice sits in an
    AnonymousChoice row that nothing in the portal links back to the organisation.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="cast_ballots")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proxy_holder = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choice = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField()
    revision = models.PositiveIntegerField(default=1)
    cast_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("cast ballot")
        verbose_name_plural = _("cast ballots")
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "organisation"], name="castballot_one_per_organisation"),
            models.UniqueConstraint(fields=["ballot", "position"], name="castballot_position_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.ballot}"


class AnonymousChoice(models.Model):
    """A secret ballot's choice, with a random id and no time, so that neither order nor time links it.

    `key` lets the same organisation change its choice while the ballot is open; it is an HMAC no page
    shows, and it is erased when the ballot closes, after which nothing links the choice to anyone.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="anonymous_choices")
    # NULL, not "", once erased: the unique constraint must not see the erased keys as equal.
    key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    choice = models.CharField(max_length=200)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("anonymous choice")
        verbose_name_plural = _("anonymous choices")
        constraints = [models.UniqueConstraint(fields=["ballot", "key"], name="anonymouschoice_key_unique")]

    def __str__(self):
        return str(self.pk)


class GroupProposal(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting the Commission's decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"))
    rationale = models.TextField(_("why the alliance needs it"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    group = models.OneToOneField(
        WorkingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )

    class Meta:
        verbose_name = _("working-group proposal")
        verbose_name_plural = _("working-group proposals")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
