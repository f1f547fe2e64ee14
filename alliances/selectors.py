from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from alliances.models import Alliance, CriteriaVersion, TermsOfReference
from alliances.signals import criteria_version_in_use


def open_alliances() -> QuerySet[Alliance]:
    return Alliance.objects.filter(is_open=True).order_by("name")


def current_criteria_version(alliance: Alliance) -> CriteriaVersion | None:
    """The newest published criteria set of the alliance, with its criteria."""
    return (
        CriteriaVersion.objects.filter(alliance=alliance, published_at__isnull=False)
        .prefetch_related(Prefetch("criteria"))
        .order_by("-version")
        .first()
    )


def current_terms_of_reference(alliance: Alliance) -> TermsOfReference | None:
    """The newest published Terms of Reference of the alliance already in force."""
    return (
        TermsOfReference.objects.filter(
            alliance=alliance, published_at__isnull=False, effective_from__lte=timezone.localdate()
        )
        .order_by("-version")
        .first()
    )


def criteria_version_is_frozen(criteria_version: CriteriaVersion) -> bool:
    """Published, or the basis of an application (which is assessed against it): no longer to be changed.

    Whether an application rests on it is the applications app's to say (applications.receivers).
    """
    if criteria_version.published_at is not None:
        return True
    answers = criteria_version_in_use.send(sender=CriteriaVersion, criteria_version=criteria_version)
    return any(in_use for _receiver, in_use in answers)


def terms_of_reference_is_frozen(terms: TermsOfReference) -> bool:
    return terms.published_at is not None
