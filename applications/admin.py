from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin

from applications.models import Application, CriterionAnswer, SupportingDocument


def _is_frozen(application):
    """A submitted application is frozen: what reviewers read is what was submitted, in the admin too."""
    return application is not None and not application.is_editable


class FrozenWithApplicationInline(InlineModelAdmin):
    """Inline rows of a submitted application can be read, not added, changed or deleted."""

    # obj is the application the inline belongs to.
    def has_add_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)


class CriterionAnswerInline(FrozenWithApplicationInline, admin.StackedInline):
    model = CriterionAnswer
    extra = 0


class SupportingDocumentInline(FrozenWithApplicationInline, admin.TabularInline):
    model = SupportingDocument
    extra = 0
    readonly_fields = ["sha256", "size", "uploaded_by", "uploaded_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "alliance"]
    search_fields = ["organisation__legal_name"]
    list_select_related = ["organisation", "alliance"]
    readonly_fields = ["state", "snapshot", "submitted_at", "decided_at"]
    inlines = [CriterionAnswerInline, SupportingDocumentInline]

    def has_change_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)
