from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import label_for


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    """One thing that happened: who, when, what, to which object, from which state to which, and why.

    Entries are never changed or deleted: the model refuses it, and on PostgreSQL a trigger does too (and
    refuses TRUNCATE). Each entry carries the hash of the one before it (audit/chain.py).
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=40)
    target_repr = models.CharField(_("object"), max_length=300)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    @property
    def action_label(self) -> str:
        """What happened, in the reader's language (see audit.actions)."""
        return label_for(self.action)


class AuditAnchor(models.Model):
    """The chain's head at a moment, signed and sent out of the database (a file, an e-mail to the auditor).

    Kept here too so that the operator sees when the last anchor was written; the copies outside are what
    `verify_audit --against` trusts.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="+")
    entry_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("audit anchor")
        verbose_name_plural = _("audit anchors")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} #{self.entry_id} {self.entry_hash[:12]}"
