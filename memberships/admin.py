from django.contrib import admin

from memberships.models import MemberRepresentative, Membership


class MemberRepresentativeInline(admin.TabularInline):
    """Shown, never changed here: the organisation names its representatives in the portal, which checks
    that they are its own people, audits it and keeps the working-group rosters in step."""

    model = MemberRepresentative
    extra = 0
    fields = ("user", "named_by", "named_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: state changes go through the portal, which records the reason in the audit trail."""

    list_display = ["organisation", "alliance", "state", "started_on", "ended_on"]
    list_filter = ["alliance", "state"]
    search_fields = ["organisation__legal_name"]
    inlines = [MemberRepresentativeInline]
    readonly_fields = ["organisation", "alliance", "state", "started_on", "ended_on", "application"]
