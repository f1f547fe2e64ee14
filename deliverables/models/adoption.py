import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def adopted_pdf_path(instance, filename):
    return f"deliverables/{instance.deliverable_id}/adopted/{uuid.uuid4().hex}.pdf"


class AdoptionVote(models.Model):
    """A version put to the group's vote: the link between a version and an ordinary ballot.

    The ballot keeps the vote (one per member organisation, proxies, quorum and majority fixed when it
    opens); this row keeps what adoption adds: the version, and once carried, the PDF/A of the adopted
    text with its SHA-256.
    """

    deliverable = models.ForeignKey("deliverables.Deliverable", on_delete=models.CASCADE, related_name="votes")
    version = models.ForeignKey("deliverables.Version", on_delete=models.PROTECT, related_name="votes")
    ballot = models.OneToOneField("workinggroups.Ballot", on_delete=models.PROTECT, related_name="adoption")
    put_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    put_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(_("adopted PDF"), upload_to=adopted_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("adoption vote")
        verbose_name_plural = _("adoption votes")
        ordering = ["deliverable", "-put_at"]

    def __str__(self):
        return f"{self.version} — {self.ballot}"

    @property
    def pdf_ready(self):
        return bool(self.pdf_sha256)


class MinorityStatement(models.Model):
    """What a member organisation that voted against wants published with the deliverable."""

    vote = models.ForeignKey(AdoptionVote, on_delete=models.CASCADE, related_name="minority_statements")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("minority statement"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minority statement")
        verbose_name_plural = _("minority statements")
        ordering = ["vote", "organisation__legal_name"]
        constraints = [models.UniqueConstraint(fields=["vote", "organisation"], name="minority_once_per_org")]

    def __str__(self):
        return f"{self.organisation} — {self.vote}"
