from django.contrib import admin

from memberships.models import MemberRepresentative, Membership


class MemberRepresentativeInline(admin.TabularInline):
    model = MemberRepresentative
    extra = 0
    raw_id_fields = ["user", "named_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: state changes go through the portal, which records the reason in the audit trail."""

    list_display = ["organisation", "alliance", "state", "started_on", "ended_on"]
    list_filter = ["alliance", "state"]
    search_fields = ["organisation__legal_name"]
    inlines = [MemberRepresentativeInline]
    readonly_fields = ["organisation", "alliance", "state", "started_on", "ended_on", "application"]
