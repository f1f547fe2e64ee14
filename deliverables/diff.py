"""The difference between two versions, paragraph by paragraph, as accessible HTML.

What changed is marked with <del> and <ins>, and each mark carries a text cue ("removed:", "added:") for
screen readers and for anyone who does not see colour; the page's CSS adds strike-through and underline.
The diff reads the Markdown source, escaped: nothing of the text runs as HTML.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from deliverables.rendering import blocks

WORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Row:
    """One paragraph of the comparison: kind is "same", "changed", "added" or "removed"."""

    kind: str
    old_number: int | None
    new_number: int | None
    html: SafeString


def _mark(tag: str, text: str) -> str:
    cue = _("removed:") if tag == "del" else _("added:")
    return format_html(
        '<{tag}><span class="visually-hidden">[{cue}] </span>{text}</{tag}>', tag=tag, cue=cue, text=text
    )


def inline_diff(old: str, new: str) -> SafeString:
    """Word by word within a changed paragraph."""
    old_words, new_words = WORD.findall(old), WORD.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(_mark("del", "".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(_mark("ins", "".join(new_words[b1:b2])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def compare(old_text: str, new_text: str) -> list[Row]:
    """The rows of the comparison of two Markdown texts, by block (heading or numbered paragraph)."""
    old_blocks, new_blocks = blocks(old_text), blocks(new_text)
    matcher = difflib.SequenceMatcher(
        a=[b.source for b in old_blocks], b=[b.source for b in new_blocks], autojunk=False
    )
    rows = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                Row("same", o.number, n.number, escape(n.source))
                for o, n in zip(old_blocks[a1:a2], new_blocks[b1:b2], strict=True)
            ]
            continue
        olds, news = old_blocks[a1:a2], new_blocks[b1:b2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for o, n in zip(olds[:paired], news[:paired], strict=True):
            rows.append(Row("changed", o.number, n.number, inline_diff(o.source, n.source)))
        rows += [Row("removed", o.number, None, mark_safe(_mark("del", o.source))) for o in olds[paired:]]  # noqa: S308
        rows += [Row("added", None, n.number, mark_safe(_mark("ins", n.source))) for n in news[paired:]]  # noqa: S308
    return rows
