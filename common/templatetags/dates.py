"""Dates that need more than one named format: with their time zone, or with the weekday (portal/formats)."""

from datetime import datetime

from django import template
from django.utils import dateformat
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter(expects_localtime=True)
def datetime_zone(value: datetime | None) -> str:
    """'27 November 2026, 14:30 CET': a deadline or a timestamp read in several countries says its zone."""
    if not value:
        return ""
    return f"{date_format(value, 'DATETIME_FORMAT')} {dateformat.format(value, 'T')}"


@register.filter(expects_localtime=True)
def weekday_datetime(value: datetime | None) -> str:
    """'Friday, 11 December 2026, 10:00' (French: no comma after the weekday): when a meeting starts."""
    if not value:
        return ""
    return pgettext("a weekday before a date", "%(weekday)s, %(date)s") % {
        "weekday": dateformat.format(value, "l"),
        "date": date_format(value, "DATETIME_FORMAT"),
    }
