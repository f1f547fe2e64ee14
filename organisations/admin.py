from django.contrib import admin
from django.db import models

from organisations.models import Invitation, Organisation, OrganisationUser


class OrganisationUserInline(admin.TabularInline):
    model = OrganisationUser
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "acronym", "organisation_type", "country", "legal_representative_country"]
    list_filter = ["organisation_type", "country"]
    search_fields = ["legal_name", "acronym", "registration_number", "vat_number"]
    inlines = [OrganisationUserInline]
    # Organisation.clean() checks the numbers against the country of registration, here as in the profile form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token", "accepted_at", "accepted_by", "revoked_at", "revoked_by"]
