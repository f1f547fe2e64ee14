from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["alliance", "organisation__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "alliance"], name="membership_one_per_alliance"),
            models.CheckConstraint(
                condition=models.Q(state__in=["active", "suspended", "ended"]), name="membership_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.alliance.short_name} ({self.get_state_display()})"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE
