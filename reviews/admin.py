from django.contrib import admin

from reviews.models import Assignment, Clarification, Decision, ReviewerCapacity


@admin.register(ReviewerCapacity)
class ReviewerCapacityAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "alliance", "max_load", "is_available"]
    list_filter = ["alliance", "is_available"]
    search_fields = ["reviewer__email", "reviewer__full_name"]
    autocomplete_fields = ["reviewer"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments and declarations change only through the review pages (and are audited)."""

    list_display = ["application", "reviewer", "assigned_at", "declared_at", "has_conflict"]
    list_filter = ["has_conflict", "application__alliance"]
    search_fields = ["reviewer__email", "application__organisation__legal_name"]
    list_select_related = ["application__organisation", "application__alliance", "reviewer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Clarification)
class ClarificationAdmin(AssignmentAdmin):
    list_display = ["application", "asked_at", "answered_at"]
    list_filter = []
    search_fields = ["application__organisation__legal_name"]
    list_select_related = ["application__organisation", "application__alliance"]


@admin.register(Decision)
class DecisionAdmin(AssignmentAdmin):
    list_display = ["application", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["application__organisation__legal_name"]
    list_select_related = ["application__organisation", "application__alliance", "decided_by"]
