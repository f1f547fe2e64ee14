"""Ballots: the question, the eligible organisations fixed when it opens, proxies, cast votes and secret choices."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workinggroups import tally


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

    group = models.ForeignKey("workinggroups.WorkingGroup", on_delete=models.CASCADE, related_name="ballots")
    meeting = models.ForeignKey(
        "workinggroups.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="ballots"
    )
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
