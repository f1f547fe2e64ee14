from django.contrib import admin

from declarations.models import DeclarationVersion, Signature


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "alliance", "version", "published_at"]
    list_filter = ["alliance"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["organisation", "declaration_version", "signatory_name", "signed_at"]
    list_select_related = ["organisation", "declaration_version"]
    readonly_fields = [f.name for f in Signature._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
