from django.contrib import admin

from applications.models import Application, CriterionAnswer, SupportingDocument


class CriterionAnswerInline(admin.StackedInline):
    model = CriterionAnswer
    extra = 0


class SupportingDocumentInline(admin.TabularInline):
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
