from django import template
from django.utils.translation import gettext_lazy as _

from workinggroups import tally

register = template.Library()

OUTCOME_TEXTS = {
    tally.NO_QUORUM: _("the quorum was not reached."),
    tally.TIE: _("a tie; a tie does not carry."),
    tally.NO_MAJORITY: _("the required majority was not reached."),
    tally.NO_VOTES: _("no vote was cast for an option (only abstentions)."),
}


@register.filter
def outcome_text(outcome: str) -> str:
    """Why a ballot carried or not, in words (the tally's outcome codes never reach a reader)."""
    return str(OUTCOME_TEXTS.get(outcome, _("the required majority was reached.")))
