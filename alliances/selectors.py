from django.db.models import Prefetch

from alliances.models import Alliance, CriteriaVersion


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
