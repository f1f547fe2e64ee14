from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import BaseModelAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from alliances import services
from alliances.models import Alliance, CriteriaVersion, Criterion, TermsOfReference
from alliances.selectors import criteria_version_is_frozen, terms_of_reference_is_frozen


class TermsOfReferenceInline(admin.TabularInline):
    """The alliance's versions, listed; each is edited (while a draft) on its own page."""

    model = TermsOfReference
    extra = 0
    fields = readonly_fields = ("version", "effective_from", "published_at")
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alliance)
class AllianceAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "is_open"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [TermsOfReferenceInline]


class FrozenOnceInUse(BaseModelAdmin):
    """Neither change nor delete an object that `is_frozen(obj)` says is published or in use."""

    is_frozen: Callable[[Any], bool] = staticmethod(lambda obj: False)

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_frozen(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(FrozenOnceInUse, TranslationAdmin):
    """A published version is what applicants were shown: it stays as it was; changes go on a new draft."""

    list_display = ["__str__", "alliance", "version", "effective_from", "published_at"]
    list_filter = ["alliance"]
    list_select_related = ["alliance"]
    actions = ["copy_as_new_draft"]

    is_frozen = staticmethod(terms_of_reference_is_frozen)

    @admin.action(description=_("Copy as a new draft version"), permissions=["add"])
    def copy_as_new_draft(self, request, queryset):
        drafts = [
            services.copy_terms_of_reference(terms=terms, by=request.user)
            for terms in queryset.select_related("alliance").order_by("alliance__name", "version")
        ]
        _report_copies(self, request, drafts)


class CriterionInline(FrozenOnceInUse, TranslationStackedInline):
    model = Criterion
    extra = 0

    # obj is the criteria version: the criteria of a frozen version are frozen with it.
    is_frozen = staticmethod(criteria_version_is_frozen)

    def has_add_permission(self, request, obj=None):
        if obj is not None and self.is_frozen(obj):
            return False
        return super().has_add_permission(request, obj)


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(FrozenOnceInUse, admin.ModelAdmin):
    """Applications are assessed against the version they were made on, so a published version, or one an
    application refers to, stays as it was; changes go on a new draft version."""

    list_display = ["__str__", "alliance", "version", "published_at", "overall_threshold"]
    list_filter = ["alliance"]
    list_select_related = ["alliance"]
    inlines = [CriterionInline]
    actions = ["copy_as_new_draft"]

    is_frozen = staticmethod(criteria_version_is_frozen)

    @admin.action(description=_("Copy as a new draft version"), permissions=["add"])
    def copy_as_new_draft(self, request, queryset):
        drafts = [
            services.copy_criteria_version(criteria_version=version, by=request.user)
            for version in queryset.select_related("alliance").order_by("alliance__name", "version")
        ]
        _report_copies(self, request, drafts)


def _report_copies(model_admin, request, drafts):
    model_admin.message_user(
        request,
        ngettext(
            "%(count)d new draft version created: %(names)s.",
            "%(count)d new draft versions created: %(names)s.",
            len(drafts),
        )
        % {"count": len(drafts), "names": ", ".join(str(draft) for draft in drafts)},
        messages.SUCCESS,
    )
