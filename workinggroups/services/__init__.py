"""Working-group services, one module per concept; the entry points the rest of the portal calls are here.

rosters (roster entries, join requests), meetings, ballots (create, open, close, the scheduler), votes (cast),
proxies, proposals. The vote chain is `workinggroups/vote_chain.py`; quorum and majority `workinggroups/tally.py`.
"""

from workinggroups.services.ballots import (
    close_ballot,
    create_ballot,
    default_options,
    open_ballot,
    process_due_ballots,
    result_of,
)
from workinggroups.services.meetings import (
    answer_invitation,
    cancel_meeting,
    record_attendance,
    save_minutes,
    schedule_meeting,
    send_invitations,
    update_meeting,
    upload_document,
)
from workinggroups.services.proposals import decide_proposal, propose_group
from workinggroups.services.proxies import give_proxy, revoke_proxy, void_proxies_held_by
from workinggroups.services.rosters import (
    add_roster_entry,
    change_roster_role,
    decide_join_request,
    remove_roster_entry,
    request_ticked_groups,
    request_to_join,
    withdraw_former_representative,
)
from workinggroups.services.votes import cast_vote
from workinggroups.vote_chain import ChainBrokenError, verify_chain

__all__ = [
    "ChainBrokenError",
    "add_roster_entry",
    "answer_invitation",
    "cancel_meeting",
    "cast_vote",
    "change_roster_role",
    "close_ballot",
    "create_ballot",
    "decide_join_request",
    "decide_proposal",
    "default_options",
    "give_proxy",
    "open_ballot",
    "process_due_ballots",
    "propose_group",
    "record_attendance",
    "remove_roster_entry",
    "request_ticked_groups",
    "request_to_join",
    "result_of",
    "revoke_proxy",
    "save_minutes",
    "schedule_meeting",
    "send_invitations",
    "update_meeting",
    "upload_document",
    "verify_chain",
    "void_proxies_held_by",
    "withdraw_former_representative",
]
