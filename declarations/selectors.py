from declarations.models import DeclarationVersion


def current_declaration_version(alliance):
    return DeclarationVersion.objects.filter(alliance=alliance, published_at__isnull=False).order_by("-version").first()
