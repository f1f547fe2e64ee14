from django.contrib import admin

from workinggroups.models import Ballot, GroupProposal, Meeting, RosterEntry, WorkingGroup


class RosterEntryInline(admin.TabularInline):
    model = RosterEntry
    extra = 0
    raw_id_fields = ["organisation", "user", "meeting"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "alliance", "is_active"]
    list_filter = ["alliance", "is_active"]
    inlines = [RosterEntryInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "time_zone", "state"]
    list_filter = ["group", "state"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """Read-only: ballots change through the portal's services only, and a secret choice is never shown."""

    list_display = ["question", "group", "state", "opens_at", "closes_at", "carried"]
    list_filter = ["state", "group"]
    exclude = ["salt"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(GroupProposal)
class GroupProposalAdmin(admin.ModelAdmin):
    list_display = ["name", "alliance", "organisation", "state", "created_at"]
    list_filter = ["state", "alliance"]
