from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Deliverable(models.Model):
    """What a working group exists for: a report, roadmap, recommendations or a position paper."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        ROADMAP = "roadmap", _("Roadmap")
        RECOMMENDATIONS = "recommendations", _("Recommendations")
        POSITION_PAPER = "position_paper", _("Position paper")

    class Visibility(models.TextChoices):
        GROUP = "group", _("The working group")
        ALLIANCE = "alliance", _("All members of the alliance")
        PUBLIC = "public", _("Everyone, once adopted and published")

    class State(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        IN_COMMENT_ROUND = "in_comment_round", _("In a comment round")
        PUT_TO_VOTE = "put_to_vote", _("Put to the vote")
        ADOPTED = "adopted", _("Adopted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the Commission")
        PUBLISHED = "published", _("Published")

    group = models.ForeignKey("workinggroups.WorkingGroup", on_delete=models.PROTECT, related_name="deliverables")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.GROUP
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFTING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_version = models.ForeignKey(
        "deliverables.Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["group", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["drafting", "in_comment_round", "put_to_vote", "adopted", "acknowledged", "published"]
                ),
                name="deliverable_state",
            ),
            # Adopted (and after) means an adopted version and its date; before, neither.
            models.CheckConstraint(
                condition=(
                    models.Q(state__in=["adopted", "acknowledged", "published"])
                    & models.Q(adopted_version__isnull=False, adopted_at__isnull=False)
                )
                | (
                    models.Q(state__in=["drafting", "in_comment_round", "put_to_vote"])
                    & models.Q(adopted_version__isnull=True, adopted_at__isnull=True)
                ),
                name="deliverable_adopted_has_version",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(visibility="public"),
                name="deliverable_published_is_public",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliverables:detail", args=[self.pk])

    @property
    def is_adopted(self):
        return self.state in (self.State.ADOPTED, self.State.ACKNOWLEDGED, self.State.PUBLISHED)


class Rapporteur(models.Model):
    """A member representative on the group's roster, named to write one deliverable."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="rapporteurs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rapporteur")
        verbose_name_plural = _("rapporteurs")
        ordering = ["deliverable", "named_at"]
        constraints = [models.UniqueConstraint(fields=["deliverable", "user"], name="rapporteur_once")]

    def __str__(self):
        return f"{self.user} — {self.deliverable}"
