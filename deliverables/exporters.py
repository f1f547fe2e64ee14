"""The resolution table of a comment round, as CSV rows and as a PDF (part of the record)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from deliverables.models import CommentRound
from deliverables.selectors import round_comments
from documents.pdf import render_pdf


def resolution_header() -> list[str]:
    return [
        _("No."),
        _("Paragraph"),
        _("Organisation"),
        _("Author"),
        _("Comment"),
        _("Resolution"),
        _("Reply"),
        _("Resolved by"),
        _("Resolved at"),
    ]


def resolution_rows(comment_round: CommentRound) -> Iterator[list]:
    for index, comment in enumerate(round_comments(comment_round), start=1):
        yield [
            index,
            comment.paragraph or _("whole text"),
            comment.organisation.legal_name,
            comment.author.display_name,
            comment.text,
            comment.get_resolution_display() or _("not resolved yet"),
            comment.reply,
            comment.resolved_by.display_name if comment.resolved_by else "",
            comment.resolved_at.isoformat(timespec="minutes") if comment.resolved_at else "",
        ]


def resolution_pdf(comment_round: CommentRound) -> bytes:
    return render_pdf(
        "deliverables/pdf/resolution_table.html",
        {
            "round": comment_round,
            "deliverable": comment_round.deliverable,
            "comments": list(round_comments(comment_round)),
        },
        record=True,
    )
