from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An organisation has at most one application in these states per alliance.
OPEN_STATES = (
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.UNDER_REVIEW,
    ApplicationState.CLARIFICATION_REQUESTED,
)


class Application(models.Model):
    """An organisation's application to join an alliance."""

    State = ApplicationState
    OPEN_STATES = OPEN_STATES

    # Only these moves exist (the life cycle in the README); applications.services.transition is the one place
    # that makes them.
    ALLOWED_MOVES: dict[str, set[str]] = {
        State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
        State.SUBMITTED: {State.UNDER_REVIEW, State.WITHDRAWN},
        State.UNDER_REVIEW: {State.CLARIFICATION_REQUESTED, State.APPROVED, State.REJECTED, State.WITHDRAWN},
        State.CLARIFICATION_REQUESTED: {State.UNDER_REVIEW, State.WITHDRAWN},
        State.APPROVED: set(),
        State.REJECTED: set(),
        State.WITHDRAWN: set(),
    }

    # The additional proof asked of an organisation controlled from outside the EU, each answer required.
    NON_EU_MEASURES = ("non_eu_legal_measures", "non_eu_organisational_measures", "non_eu_technical_measures")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT, related_name="applications")
    criteria_version = models.ForeignKey("alliances.CriteriaVersion", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    # Step "Organisation"
    presentation = models.TextField(
        _("presentation of the organisation"),
        blank=True,
        help_text=_("What the organisation does, its size and its place in the alliance's field."),
    )
    # Asked only of organisations whose ultimate parent is outside the EU: the Terms of Reference require
    # them to show the legal, organisational and technical measures that keep their data and operations
    # under Union law, including EU data-protection law.
    non_eu_legal_measures = models.TextField(
        _("legal measures"),
        blank=True,
        help_text=_(
            "The legal measures (e.g. articles of association, shareholder agreements, contracts) that keep "
            "the organisation's data and operations under EU law, including EU data-protection law, despite "
            "its non-EU parent."
        ),
    )
    non_eu_organisational_measures = models.TextField(
        _("organisational measures"),
        blank=True,
        help_text=_(
            "The organisational measures (e.g. governance, EU-resident management, access policies) that keep "
            "the organisation's data under EU data-protection law."
        ),
    )
    non_eu_technical_measures = models.TextField(
        _("technical measures"),
        blank=True,
        help_text=_(
            "The technical measures (e.g. data location in the EU, encryption, key management, access "
            "control) that keep the organisation's data under EU data-protection law."
        ),
    )
    # Step "Activities"
    value_chain_segments = models.JSONField(_("value-chain segments"), default=list, blank=True)
    technology_areas = models.JSONField(_("technology areas"), default=list, blank=True)
    relevant_activities = models.TextField(_("relevant activities"), blank=True)
    # Step "Working groups"
    working_groups = models.ManyToManyField("workinggroups.WorkingGroup", blank=True, related_name="+")

    # What was submitted, frozen: reviewers read this.
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            # The review queue (reviews.selectors.queue): its states in its default order, so that a page of it
            # is an index range, not a sort of every application.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(
                    state__in=["submitted", "under_review", "clarification_requested", "approved", "rejected"]
                ),
                name="application_queue_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "alliance"],
                condition=models.Q(state__in=[state.value for state in OPEN_STATES]),
                name="application_one_open_per_organisation_and_alliance",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ApplicationState.values),
                name="application_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.alliance.short_name}"

    @property
    def reference(self):
        return self.reference_of(self.pk)

    @staticmethod
    def reference_of(pk: int) -> str:
        return f"APP-{pk:05d}"

    @property
    def is_editable(self):
        return self.state == self.State.DRAFT

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    @property
    def can_be_withdrawn(self):
        return self.State.WITHDRAWN in self.ALLOWED_MOVES[self.state]


class CriterionAnswer(models.Model):
    """The applicant's answer to one eligibility criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey("alliances.Criterion", on_delete=models.PROTECT, related_name="+")
    meets = models.BooleanField(_("meets the criterion"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="answer_unique")]

    def __str__(self):
        return f"{self.application} / {self.criterion}"


def document_path(document, filename):
    return f"applications/{document.application_id}/documents/{document.sha256[:16]}.pdf"


class SupportingDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to=document_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    proves_non_eu_control_measures = models.BooleanField(
        _("proof of the measures against control from outside the EU"), default=False
    )

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title
