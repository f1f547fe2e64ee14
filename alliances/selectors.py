from django.db.models import Prefetch
from django.utils import timezone

from alliances.models import Alliance, CriteriaVersion, TermsOfReference


def open_alliances():
    return Alliance.objects.filter(is_open=True).order_by("name")


def current_criteria_version(alliance):
    """The newest published criteria set of the alliance, with its criteria."""
    return (
        CriteriaVersion.objects.filter(alliance=alliance, published_at__isnull=False)
        .prefetch_related(Prefetch("criteria"))
        .order_by("-version")
        .first()
    )


def current_terms_of_reference(alliance):
    """The newest published Terms of Reference of the alliance already in force."""
    return (
        TermsOfReference.objects.filter(
            alliance=alliance, published_at__isnull=False, effective_from__lte=timezone.localdate()
        )
        .order_by("-version")
        .first()
    )


def criteria_version_is_frozen(criteria_version):
    """Published, or the basis of an application (which is assessed against it): no longer to be changed."""
    from applications.models import Application

    return (
        criteria_version.published_at is not None
        or Application.objects.filter(criteria_version=criteria_version).exists()
    )


def terms_of_reference_is_frozen(terms):
    return terms.published_at is not None
