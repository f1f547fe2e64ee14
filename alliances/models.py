from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Alliance(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(_("open for applications"), default=True)
    secretariat_name = models.CharField(_("secretariat"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TermsOfReference(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    effective_from = models.DateField(_("effective from"))
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Empty while the version is a draft. A published version can no longer be changed."),
    )

    class Meta:
        verbose_name = _("Terms of Reference")
        verbose_name_plural = _("Terms of Reference")
        ordering = ["alliance", "-version"]
        constraints = [models.UniqueConstraint(fields=["alliance", "version"], name="tor_unique_version")]

    def __str__(self):
        return f"{self.alliance.short_name} ToR v{self.version}"

    @property
    def is_published(self):
        return self.published_at is not None


class CriteriaVersion(models.Model):
    """One published set of eligibility criteria. An application is assessed against the set it was made on."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="criteria_versions")
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    overall_threshold = models.DecimalField(
        _("overall threshold"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("The weighted total a favourable assessment must reach."),
    )

    class Meta:
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["alliance", "-version"]
        constraints = [models.UniqueConstraint(fields=["alliance", "version"], name="criteriaversion_unique")]

    def __str__(self):
        return f"{self.alliance.short_name} criteria v{self.version}"


class Criterion(models.Model):
    class Kind(models.TextChoices):
        GATE = "gate", _("Gate (must be met)")
        SCORE = "score", _("Scored")

    criteria_version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question to the applicant"))
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    scale_min = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("0"))
    scale_max = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("5"))
    scale_step = models.DecimalField(
        max_digits=3, decimal_places=1, default=Decimal("0.5"), validators=[MinValueValidator(Decimal("0.1"))]
    )
    threshold = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("3"))
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"))
    answer_required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_version", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=models.Q(kind__in=["gate", "score"]), name="criterion_kind_valid"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="criterion_scale"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_gate(self):
        return self.kind == self.Kind.GATE
