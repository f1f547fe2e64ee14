from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentRound(models.Model):
    """A round of comments on one version, opened by the rapporteurs until a closing time."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    deliverable = models.ForeignKey("deliverables.Deliverable", on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey("deliverables.Version", on_delete=models.PROTECT, related_name="rounds")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        ordering = ["deliverable", "-opened_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opened_at")), name="round_closes_later"),
            # One open round per deliverable at a time.
            models.UniqueConstraint(
                fields=["deliverable"], condition=models.Q(state="open"), name="round_one_open_per_deliverable"
            ),
            models.CheckConstraint(
                condition=models.Q(state="open", closed_at__isnull=True)
                | models.Q(state="closed", closed_at__isnull=False),
                name="round_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.version} — {self.opened_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("deliverables:round", args=[self.pk])

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def accepts_comments(self):
        return self.is_open and timezone.now() < self.closes_at


class RoundInvitee(models.Model):
    """A person from outside the roster whom the secretariat invites to comment in one round (no vote)."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitee to a comment round")
        verbose_name_plural = _("invitees to a comment round")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="roundinvitee_once")]

    def __str__(self):
        return f"{self.user} — {self.round}"


class Comment(models.Model):
    """A comment of an organisation on a numbered paragraph (or on the whole), and the rapporteurs' answer."""

    class Resolution(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        ACCEPTED_IN_PART = "accepted_in_part", _("Accepted in part")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["round", "paragraph", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(resolution="") & models.Q(resolved_at__isnull=True))
                | (~models.Q(resolution="") & models.Q(resolved_at__isnull=False) & ~models.Q(reply="")),
                name="comment_resolved_with_reply",
            ),
            models.CheckConstraint(
                condition=models.Q(paragraph__isnull=True) | models.Q(paragraph__gte=1), name="comment_paragraph"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} on §{self.paragraph or '—'}"

    @property
    def is_resolved(self):
        return bool(self.resolution)
