from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        """The memberships in force: only these give an organisation voting rights (see memberships/voting.py)."""
        return self.filter(state=Membership.State.ACTIVE)


class Membership(models.Model):
    """An organisation's membership of an alliance. Voting rights follow from an active one, never by hand."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="alliance_memberships"
    )
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT, related_name="memberships")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    started_on = models.DateField(_("member since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["alliance", "organisation__legal_name"]
        indexes = [
            # An alliance's members in one state: voting rights, the public list, the directory's filter.
            models.Index(fields=["alliance", "state"], name="membership_alliance_state"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "alliance"], name="membership_one_per_alliance"),
            models.CheckConstraint(
                condition=models.Q(state__in=["active", "suspended", "ended"]), name="membership_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.alliance.short_name} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
        State.ACTIVE: (State.SUSPENDED, State.ENDED),
        State.SUSPENDED: (State.ACTIVE, State.ENDED),
        State.ENDED: (),
    }

    def can_move_to(self, state: str) -> bool:
        return state in self.ALLOWED_MOVES.get(self.state, ())


class MemberRepresentative(models.Model):
    """A person the member organisation names to act for it in the alliance: join groups, attend, vote."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="member_representations")
    named_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member representative")
        verbose_name_plural = _("member representatives")
        ordering = ["membership", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "user"], name="memberrepresentative_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.membership.organisation}"
