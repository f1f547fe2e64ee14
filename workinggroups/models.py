from django.db import models
from django.utils.translation import gettext_lazy as _


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
