from django.contrib import admin

from alliances.models import Alliance, CriteriaVersion, Criterion, TermsOfReference


class TermsOfReferenceInline(admin.StackedInline):
    model = TermsOfReference
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "is_open"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [TermsOfReferenceInline]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "alliance", "version", "published_at", "overall_threshold"]
    list_filter = ["alliance"]
    inlines = [CriterionInline]
