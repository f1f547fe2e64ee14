import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def version_pdf_path(instance, filename):
    return f"deliverables/{instance.deliverable_id}/versions/{uuid.uuid4().hex}.pdf"


class Version(models.Model):
    """One text of a deliverable: Markdown written in the portal, or an uploaded PDF. Every version is kept.

    `sha256` is the fingerprint of the Markdown (UTF-8) or of the PDF's bytes. Once a comment round or an
    adoption ballot opened on the version it is frozen (`frozen_at`) and never changes again.
    """

    deliverable = models.ForeignKey("deliverables.Deliverable", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text (Markdown)"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=version_pdf_path, blank=True)
    pdf_name = models.CharField(max_length=255, blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["deliverable", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "number"], name="version_number_unique"),
            # A version is either written text or an uploaded PDF, never both, never neither.
            models.CheckConstraint(
                condition=(~models.Q(text="") & models.Q(pdf="")) | (models.Q(text="") & ~models.Q(pdf="")),
                name="version_text_or_pdf",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self):
        return f"{self.deliverable} — v{self.number}"

    def get_absolute_url(self):
        return reverse("deliverables:version", args=[self.pk])

    @property
    def is_pdf(self):
        return bool(self.pdf)

    @property
    def is_frozen(self):
        return self.frozen_at is not None
