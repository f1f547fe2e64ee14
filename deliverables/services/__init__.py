"""Deliverables: each state change checks who may make it, audits it and schedules its notifications.

One module per concept: deliverables (life cycle, rapporteurs), versions, comments (rounds), adoption
(the vote and its record), publication (acknowledgement, publication, verification), reminders.
"""

from deliverables.services.adoption import add_minority_statement, put_to_vote, record_ballot_result, store_adopted_pdf
from deliverables.services.comments import (
    add_comment,
    close_round,
    invite_to_round,
    open_round,
    process_due_rounds,
    resolve_comment,
)
from deliverables.services.deliverables import (
    ALLOWED_MOVES,
    create_deliverable,
    name_rapporteur,
    remove_rapporteur,
    transition,
    update_deliverable,
)
from deliverables.services.publication import acknowledge, check_copy, publish, verify
from deliverables.services.reminders import send_closing_reminders
from deliverables.services.versions import update_version, upload_version, write_version

__all__ = [
    "ALLOWED_MOVES",
    "acknowledge",
    "add_comment",
    "add_minority_statement",
    "check_copy",
    "close_round",
    "create_deliverable",
    "invite_to_round",
    "name_rapporteur",
    "open_round",
    "process_due_rounds",
    "publish",
    "put_to_vote",
    "record_ballot_result",
    "remove_rapporteur",
    "resolve_comment",
    "send_closing_reminders",
    "store_adopted_pdf",
    "transition",
    "update_deliverable",
    "update_version",
    "upload_version",
    "verify",
    "write_version",
]
