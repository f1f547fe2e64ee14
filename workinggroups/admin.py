from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from workinggroups.models import Ballot, GroupProposal, Meeting, RosterEntry, WorkingGroup


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: these records change through the portal's services, which audit and notify."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RosterEntryInline(admin.TabularInline):
    model = RosterEntry
    extra = 0
    fields = ("organisation", "user", "role", "meeting")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkingGroup)
class WorkingGroupAdmin(TranslationAdmin):
    list_display = ["name", "alliance", "is_active"]
    list_filter = ["alliance", "is_active"]
    inlines = [RosterEntryInline]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "group", "starts_at", "time_zone", "state"]
    list_filter = ["group", "state"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    """Cast ballots and secret choices are not in the admin at all: nobody sees who voted what there."""

    list_display = ["question", "group", "state", "opens_at", "closes_at", "carried"]
    list_filter = ["state", "group"]
    exclude = ["salt"]


@admin.register(GroupProposal)
class GroupProposalAdmin(ReadOnlyAdmin):
    list_display = ["name", "alliance", "organisation", "state", "created_at"]
    list_filter = ["state", "alliance"]
