"""Each person's home: what needs them now, one section per role they hold, each item with a link.

The portal sits above every app, so it composes their selectors; every section is a bounded number of
queries whatever the number of rows (lists are cut at `LIMIT`, with the total shown).
"""

from accounts import roles
from accounts.predicates import is_administrator
from organisations.selectors import organisation_ids_of
from portal.home.administration import administrator_section
from portal.home.applicants import applicant_section
from portal.home.base import Section
from portal.home.commission import decision_maker_section, reviewer_section
from portal.home.members import invitee_section, member_section
from portal.home.secretariat import secretariat_section
from workinggroups.selectors import ad_hoc_meeting_ids_of, permanent_group_ids_of


def sections_for(user) -> list[Section]:
    """Every section the user's roles give them, in the order people act: own work first, then oversight."""
    held = roles.role_names(user)
    sections = []
    if roles.REVIEWER in held:
        sections.append(reviewer_section(user))
    if roles.DECISION_MAKER in held:
        sections.append(decision_maker_section())
    if roles.SECRETARIAT in held:
        sections.append(secretariat_section())
    if is_administrator(user):
        sections.append(administrator_section(user))
    if permanent_group_ids_of(user):
        sections.append(member_section(user))
    if ad_hoc_meeting_ids_of(user):
        sections.append(invitee_section(user))
    organisation_ids = organisation_ids_of(user)
    if organisation_ids or not sections:
        sections.append(applicant_section(user, has_organisation=bool(organisation_ids)))
    return sections
