import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from organisations.validators import clean_vat_number, validate_registration_number
from organisations.vocabulary import EU_MEMBER_STATES, OrganisationType


class Organisation(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    organisation_type = models.CharField(_("type of organisation"), max_length=20, choices=OrganisationType.choices)
    country = CountryField(_("country of registration"))
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        help_text=_("The number in the national business or legal-entity register."),
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, help_text=_("With its country prefix, e.g. NL004495445B01.")
    )
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=20)
    city = models.CharField(_("city"), max_length=120)

    legal_representative_country = CountryField(
        _("country of the legal representative"),
        help_text=_("Where the organisation's legal representative is established."),
    )
    legal_representative_name = models.CharField(_("legal representative's name"), max_length=200)
    legal_representative_position = models.CharField(_("legal representative's position"), max_length=200)
    legal_representative_email = models.EmailField(_("legal representative's e-mail"))

    ultimate_parent_name = models.CharField(
        _("ultimate parent"), max_length=255, blank=True, help_text=_("Leave empty if the organisation has none.")
    )
    ultimate_parent_country = CountryField(_("country of the ultimate parent"), blank=True)

    value_chain_segments = models.JSONField(_("value-chain segments"), default=list, blank=True)
    technology_areas = models.JSONField(_("technology areas"), default=list, blank=True)
    activities_description = models.TextField(_("activities"), blank=True)

    contact_name = models.CharField(_("primary contact"), max_length=200)
    contact_email = models.EmailField(_("primary contact's e-mail"))
    contact_phone = models.CharField(_("primary contact's phone"), max_length=40, blank=True)

    users: models.ManyToManyField = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganisationUser", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["legal_name"]

    def __str__(self):
        return self.legal_name

    # Fields whose checks depend on each other: a part of the profile that is saved while another field is
    # invalid (the application's organisation step) takes each group whole or not at all.
    CHECKED_TOGETHER = (
        ("country", "registration_number", "vat_number"),
        ("ultimate_parent_name", "ultimate_parent_country"),
    )

    def clean(self):
        """The checks that need more than one field, here so that the admin and the profile form share them.

        The numbers are stored in the form they were checked in (the VAT number compact, with its prefix).
        """
        errors = {}
        country = self.country.code if self.country else ""
        # A country that is not a known code fails on its own field; judging the numbers by it would only
        # add a second, misleading message.
        if country and country in dict(countries):
            try:
                # An empty number is the field's own "required" error.
                if self.registration_number:
                    self.registration_number = validate_registration_number(self.registration_number, country)
            except ValidationError as error:
                errors["registration_number"] = error
            try:
                self.vat_number = clean_vat_number(self.vat_number, country)
            except ValidationError as error:
                errors["vat_number"] = error
        if self.ultimate_parent_name and not self.ultimate_parent_country:
            errors["ultimate_parent_country"] = ValidationError(
                _("Give the country of the ultimate parent."), code="required"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_eu_legal_representative(self):
        return bool(self.legal_representative_country) and self.legal_representative_country.code in EU_MEMBER_STATES

    @property
    def is_controlled_outside_eu(self):
        """Control by a non-EU entity matters to the security criterion of the Terms of Reference."""
        return bool(self.ultimate_parent_country) and self.ultimate_parent_country.code not in EU_MEMBER_STATES


class OrganisationUser(models.Model):
    """A person who acts for an organisation: its owner (who created it) or an editor."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships_of_users")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation user")
        verbose_name_plural = _("organisation users")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="organisationuser_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["owner", "editor"]), name="organisationuser_role"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) — {self.organisation}"


def new_invitation_token():
    return secrets.token_urlsafe(32)


def invitation_validity():
    """How long an invitation can be accepted: settings.INVITATION_VALID_DAYS, 14 days unless set."""
    return timedelta(days=getattr(settings, "INVITATION_VALID_DAYS", 14))


class Invitation(models.Model):
    """An owner's invitation for a colleague to act for the organisation as an editor."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def expires_at(self):
        return self.created_at + invitation_validity()

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self):
        """Neither accepted nor revoked, and still within its validity."""
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
