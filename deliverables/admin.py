"""Deliverables in the admin: to look, not to change. Every change goes through the services (audited)."""

from django.contrib import admin

from deliverables.models import AdoptionVote, Deliverable


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnlyAdmin):
    list_display = ["title", "group", "kind", "state", "visibility", "adopted_at"]
    list_filter = ["state", "kind", "group__alliance"]
    search_fields = ["title"]
    list_select_related = ["group"]


@admin.register(AdoptionVote)
class AdoptionVoteAdmin(ReadOnlyAdmin):
    list_display = ["deliverable", "version", "ballot", "pdf_sha256"]
    list_select_related = ["deliverable", "version", "ballot"]
