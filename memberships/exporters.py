"""The member register as CSV rows: the labels the directory shows (never stored codes), ISO 8601 dates."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from memberships.models import Membership

EXPORT_DATE = "%Y-%m-%d"


def register_header() -> list[str]:
    return [
        _("Alliance"),
        _("Organisation"),
        _("Acronym"),
        _("Type"),
        _("Country"),
        _("State"),
        _("Member since"),
        _("Ended on"),
        _("Website"),
    ]


def register_rows(memberships: QuerySet[Membership]) -> Iterator[list[str]]:
    for membership in memberships.iterator(chunk_size=500):
        organisation = membership.organisation
        yield [
            membership.alliance.short_name,
            organisation.legal_name,
            organisation.acronym,
            str(organisation.get_organisation_type_display()),
            str(organisation.country.name),
            str(membership.get_state_display()),
            membership.started_on.strftime(EXPORT_DATE),
            membership.ended_on.strftime(EXPORT_DATE) if membership.ended_on else "",
            organisation.website,
        ]
