"""What a home page is made of: sections of titled groups of items, each list cut at LIMIT with its total."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

LIMIT = 10
CLOSING_SOON = timedelta(days=7)
RECENT = timedelta(days=14)


@dataclass
class Item:
    text: str
    url: str
    when: datetime | None = None
    note: str = ""
    urgent: bool = False


@dataclass
class Group:
    """A titled list of items inside a section, with how many there are in all."""

    title: str
    items: list[Item]
    total: int
    empty: str
    more_url: str = ""


@dataclass
class Section:
    key: str
    title: str
    groups: list[Group] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(group.total for group in self.groups)


def group_of(title: str, rows: list[Item], total: int, empty: str, more_url: str = "") -> Group:
    return Group(title=title, items=rows[:LIMIT], total=total, empty=empty, more_url=more_url if total > LIMIT else "")


def meetings_group(title: str, meetings, empty: str) -> Group:
    return group_of(
        title,
        [
            Item(
                text=f"{m.title} — {m.group.name}",
                url=reverse("workinggroups:meeting", args=[m.pk]),
                when=m.starts_at,
            )
            for m in meetings[:LIMIT]
        ],
        meetings.count(),
        empty,
    )


def ballots_group(ballots, now: datetime, *, voted_ids: frozenset[int] | None = None) -> Group:
    rows = []
    for ballot in ballots[:LIMIT]:
        note = _("closes")
        if voted_ids is not None:
            note = _("you have voted; closes") if ballot.pk in voted_ids else _("not voted yet; closes")
        rows.append(
            Item(
                text=f"{ballot.question} — {ballot.group.name}",
                url=reverse("workinggroups:ballot", args=[ballot.pk]),
                when=ballot.closes_at,
                note=note,
                urgent=ballot.closes_at - now < CLOSING_SOON and (voted_ids is None or ballot.pk not in voted_ids),
            )
        )
    return group_of(
        _("Open ballots (closing soonest first)"),
        rows,
        ballots.count(),
        _("No ballot is open."),
        reverse("workinggroups:ballots"),
    )
