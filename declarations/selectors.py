"""Reads of Declarations and signatures."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alliances.models import Alliance
from applications.content import content_fingerprint
from applications.models import Application
from declarations.models import DeclarationVersion, Signature
from memberships.models import Membership
from memberships.selectors import active_memberships
from organisations.selectors import organisation_ids_of

# A signature without its PDF after this long lost its rendering task (or the task gave up).
PDF_OVERDUE_AFTER = timedelta(minutes=10)


def current_declaration_version(alliance: Alliance) -> DeclarationVersion | None:
    return DeclarationVersion.objects.filter(alliance=alliance, published_at__isnull=False).order_by("-version").first()


def has_signed(organisation_id: int, declaration_version: DeclarationVersion) -> bool:
    """Whether the organisation signed this version, when it applied or since, as a member."""
    return Signature.objects.filter(organisation_id=organisation_id, declaration_version=declaration_version).exists()


def current_signature(application: Application) -> Signature | None:
    """The signature of the alliance's current Declaration for this application, if any."""
    version = current_declaration_version(application.alliance)
    if version is None:
        return None
    return (
        application.signatures.filter(declaration_version=version)
        .select_related("declaration_version", "signed_by")
        .order_by("-signed_at")
        .first()
    )


def signed_content_changed(signature: Signature | None, application: Application) -> bool:
    """Whether the application changed after the Declaration was signed for it (so that it must be signed again).

    Signatures made before the content was fingerprinted hold no fingerprint and are taken as they are.
    """
    if signature is None or not signature.content_sha256:
        return False
    return signature.content_sha256 != content_fingerprint(application)


def missing_signature(application: Application) -> list[str]:
    """What the Declaration still lacks before the application can be submitted."""
    signature = current_signature(application)
    if signature is None:
        return [_("Declaration: the Declaration is not signed.")]
    if signed_content_changed(signature, application):
        return [_("Declaration: the application changed after the Declaration was signed; sign it again.")]
    return []


def latest_signature(application: Application) -> Signature | None:
    """The application's last signature, whatever the version (what its snapshot records)."""
    return application.signatures.select_related("declaration_version").order_by("-signed_at").first()


def declarations_awaiting_signature(
    user: User | AnonymousUser,
) -> list[tuple[Membership, DeclarationVersion]]:
    """The active memberships of the user's organisations whose alliance's current Declaration the organisation
    has not signed (a new version was published since): a list of (membership, declaration_version)."""
    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return []
    memberships = list(
        active_memberships()
        .filter(organisation_id__in=organisation_ids)
        .select_related("organisation", "alliance")
        .order_by("organisation__legal_name", "alliance__name")
    )
    current: dict[int, DeclarationVersion] = {}
    published = DeclarationVersion.objects.filter(
        alliance_id__in={membership.alliance_id for membership in memberships}, published_at__isnull=False
    ).order_by("alliance_id", "-version")
    for version in published:
        current.setdefault(version.alliance_id, version)
    signed = set(
        Signature.objects.filter(
            organisation_id__in=organisation_ids, declaration_version__in=list(current.values())
        ).values_list("organisation_id", "declaration_version_id")
    )
    return [
        (membership, current[membership.alliance_id])
        for membership in memberships
        if membership.alliance_id in current
        and (membership.organisation_id, current[membership.alliance_id].pk) not in signed
    ]


def signatures_missing_pdf() -> QuerySet[Signature]:
    """The signatures whose PDF should exist by now and does not (their rendering task is lost or gave up)."""
    cutoff = timezone.now() - PDF_OVERDUE_AFTER
    return Signature.objects.filter(signed_at__lt=cutoff).filter(Q(pdf="") | Q(pdf_sha256="")).order_by("pk")
