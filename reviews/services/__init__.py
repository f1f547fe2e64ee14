"""The rules of review and decision. Every state change checks the move, audits it, and notifies.

One module per step: `assignment` (who reviews what, conflicts of interest), `review` (the reviewer's
own review), `clarification` (questions to the applicant), `decision` (four-eyes decision and letter),
`reminders` (the daily reminders). How a review is scored lives in the pure `reviews.scoring`.
"""

from reviews.services.assignment import assign, balance, check_assignable, declare_conflict
from reviews.services.base import MIN_REVIEWERS, AlreadyDecided, ReviewError
from reviews.services.clarification import answer_clarification, ask_clarification
from reviews.services.decision import decide, render_decision_letter_pdf, store_decision_letter
from reviews.services.reminders import send_reminders
from reviews.services.review import save_review

__all__ = [
    "MIN_REVIEWERS",
    "AlreadyDecided",
    "ReviewError",
    "answer_clarification",
    "ask_clarification",
    "assign",
    "balance",
    "check_assignable",
    "decide",
    "declare_conflict",
    "render_decision_letter_pdf",
    "save_review",
    "send_reminders",
    "store_decision_letter",
]
