from django.contrib import admin

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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "accepted_at"]
    readonly_fields = ["token"]
