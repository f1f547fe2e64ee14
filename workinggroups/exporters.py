"""The roster as rows for the CSV export and the PDF: the labels the group's page shows, never stored codes.

Dates and times are ISO 8601 (`YYYY-MM-DD HH:MM`, in the portal's time zone) in every export.
"""

from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from workinggroups import selectors
from workinggroups.models import WorkingGroup

EXPORT_DATETIME = "%Y-%m-%d %H:%M"


def export_datetime(value: datetime | None) -> str:
    """A date and time as every export writes it: ISO 8601, `YYYY-MM-DD HH:MM`, local time."""
    return timezone.localtime(value).strftime(EXPORT_DATETIME) if value else ""


def roster_header() -> list[str]:
    return [
        _("Organisation"),
        _("Country"),
        _("Person"),
        _("E-mail"),
        _("Role"),
        _("Vote"),
        _("On the roster since"),
    ]


def roster_rows(group: WorkingGroup) -> Iterator[list[str]]:
    for entry in selectors.roster(group):
        yield [
            entry.organisation.legal_name,
            str(entry.organisation.country.name),
            entry.user.display_name,
            entry.user.email,
            str(entry.get_role_display()),
            selectors.vote_status(entry).label,
            export_datetime(entry.added_at),
        ]
