"""Deliverables of the working groups: the deliverable, its versions, comment rounds and adoption."""

from deliverables.models.adoption import AdoptionVote, MinorityStatement
from deliverables.models.comments import Comment, CommentRound, RoundInvitee
from deliverables.models.deliverable import Deliverable, Rapporteur
from deliverables.models.versions import Version

__all__ = [
    "AdoptionVote",
    "Comment",
    "CommentRound",
    "Deliverable",
    "MinorityStatement",
    "Rapporteur",
    "RoundInvitee",
    "Version",
]
