from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from declarations import services
from declarations.models import DeclarationVersion, Signature


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(TranslationAdmin):
    """Drafts are edited here and published with the action; a published version is read-only.

    Every signature holds the exact text it signed, so changing a published text would make all of them look
    tampered with; and publishing goes through the service so that the members are asked to sign again.
    """

    list_display = ["title", "alliance", "version", "published_at"]
    list_filter = ["alliance"]
    readonly_fields = ["published_at"]
    actions = ["publish"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would reach published versions too.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Publish the selected drafts and ask the members to sign them"))
    def publish(self, request, queryset):
        published = 0
        for version in queryset.order_by("alliance_id", "version"):
            try:
                services.publish_declaration_version(declaration_version=version, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied as error:  # a staff user with the model's permissions, not an administrator
                self.message_user(request, f"{version}: {error}", messages.ERROR)
                break
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Declaration version published; the members are asked to sign it.",
                    "%(count)d Declaration versions published; the members are asked to sign them.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["organisation", "declaration_version", "language", "signatory_name", "signed_at"]
    list_select_related = ["organisation", "declaration_version"]
    readonly_fields = [f.name for f in Signature._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
