"""Assignment, conflicts of interest, independent reviews, clarification requests and the decision."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_LOAD = 10


class ReviewerCapacity(models.Model):
    """A reviewer's availability for one alliance, and the most open applications they take at once."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_capacities")
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="reviewer_capacities")
    max_load = models.PositiveSmallIntegerField(_("maximum open applications"), default=DEFAULT_MAX_LOAD)
    is_available = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("reviewer availability")
        verbose_name_plural = _("reviewer availabilities")
        ordering = ["alliance", "reviewer__email"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "alliance"], name="reviewercapacity_unique"),
            models.CheckConstraint(condition=Q(max_load__gte=1), name="reviewercapacity_max_load_positive"),
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.alliance.short_name} ({self.max_load})"


class Assignment(models.Model):
    """A reviewer assigned to an application, with their declaration on conflicts of interest."""

    class ConflictType(models.TextChoices):
        EMPLOYMENT = "employment", _("Works or worked for the applicant or its group")
        COMPETITOR = "competitor", _("Competitor of the applicant")
        PERSONAL = "personal", _("Personal relationship")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    # The declaration on conflicts of interest: None until the reviewer declares.
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    has_conflict = models.BooleanField(_("has a conflict of interest"), null=True, blank=True)
    conflict_type = models.CharField(_("type of conflict"), max_length=12, choices=ConflictType.choices, blank=True)
    conflict_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["application", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_unique_reviewer"),
            models.CheckConstraint(
                condition=Q(declared_at__isnull=True, has_conflict__isnull=True)
                | Q(declared_at__isnull=False, has_conflict__isnull=False),
                name="assignment_declaration_complete",
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=True, conflict_type__in=["employment", "competitor", "personal", "other"])
                & ~Q(conflict_reason="")
                | Q(has_conflict=False, conflict_type="")
                | Q(has_conflict__isnull=True, conflict_type=""),
                name="assignment_conflict_explained",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.application}"

    @property
    def is_declared(self):
        return self.declared_at is not None

    @property
    def is_cleared(self):
        """Declared without a conflict: the reviewer may read and assess the application."""
        return self.has_conflict is False

    @property
    def is_conflicted(self):
        return self.has_conflict is True


class Review(models.Model):
    """One reviewer's independent assessment of one application."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Recommendation(models.TextChoices):
        ADMIT = "admit", _("Admit")
        REFUSE = "refuse", _("Refuse")
        CLARIFY = "clarify", _("Ask for clarification")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recommendation = models.CharField(
        _("overall recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    justification = models.TextField(_("justification of the recommendation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assignment__application", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted"]), name="review_status_valid"),
            models.CheckConstraint(
                condition=Q(recommendation__in=["", "admit", "refuse", "clarify"]), name="review_recommendation_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | (Q(status="submitted", submitted_at__isnull=False) & ~Q(recommendation="") & ~Q(justification="")),
                name="review_submitted_complete",
            ),
        ]

    def __str__(self):
        return f"{_('Review')} {self.assignment}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class CriterionAssessment(models.Model):
    """A reviewer's verdict (gates) or score (scored criteria) and comment on one criterion."""

    class Verdict(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        UNCLEAR = "unclear", _("Unclear")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey("alliances.Criterion", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("assessment of a criterion")
        verbose_name_plural = _("assessments of criteria")
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="assessment_unique_criterion"),
            models.CheckConstraint(
                condition=Q(verdict__in=["", "met", "not_met", "unclear"]), name="assessment_verdict_valid"
            ),
            models.CheckConstraint(condition=Q(verdict="") | Q(score__isnull=True), name="assessment_verdict_or_score"),
        ]

    def __str__(self):
        return f"{self.review} / {self.criterion}"


def clarification_answer_path(clarification, filename):
    return f"applications/{clarification.application_id}/clarifications/{clarification.answer_sha256[:16]}.pdf"


class Clarification(models.Model):
    """A reviewer's question to the applicant, and the applicant's answer: kept on record."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="clarifications")
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_file = models.FileField(_("supporting PDF"), upload_to=clarification_answer_path, blank=True)
    answer_sha256 = models.CharField(max_length=64, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("clarification request")
        verbose_name_plural = _("clarification requests")
        ordering = ["application", "asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(answered_at__isnull=True), name="clarification_one_open"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="clarification_answered_with_text"
            ),
        ]

    def __str__(self):
        return f"{_('Clarification')} {self.application.reference}"

    @property
    def is_open(self):
        return self.answered_at is None


def decision_letter_path(decision, filename):
    return f"applications/{decision.application_id}/decision/{decision.letter_sha256[:16]}.pdf"


class Decision(models.Model):
    """The decision on an application: one per application, whatever happens at once."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve: admit as member")
        REJECT = "reject", _("Reject")

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="review_decision"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    justification = models.TextField(_("justification"))
    # The consolidated assessment the applicant receives: [{code, title, kind, verdict, score, comment}].
    evaluation_summary = models.JSONField(_("evaluation summary"), default=list)
    weighted_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    overall_threshold = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0"))
    reason_without_all_reviews = models.TextField(_("reason to decide without every review"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    letter = models.FileField(_("decision letter"), upload_to=decision_letter_path, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=["approve", "reject"]), name="decision_outcome_valid"),
            models.CheckConstraint(condition=~Q(justification=""), name="decision_justified"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.application}"

    @property
    def is_approval(self):
        return self.outcome == self.Outcome.APPROVE

    @property
    def letter_ready(self):
        return bool(self.letter_sha256)
