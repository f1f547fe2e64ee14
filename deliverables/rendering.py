"""Markdown to sanitised HTML, block by block, with numbered paragraphs.

A version's text is CommonMark without raw HTML (markdown-it-py with `html` off), and what it renders to
goes through nh3 (Ammonia) with a short list of tags: whatever a rapporteur types, no script, style,
event handler, image or frame reaches a page or a PDF. Headings are not numbered; every other top-level
block (paragraph, list, quotation, table, code) is a numbered paragraph that comments refer to.
"""

from dataclasses import dataclass
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "ins", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto"}
# A page shows the deliverable under its own h1 and h2: Markdown's "#" becomes h3.
HEADING_SHIFT = 2

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@dataclass(frozen=True)
class Block:
    """One top-level block of the text: a heading (number None) or a numbered paragraph."""

    number: int | None
    source: str
    html: SafeString

    @property
    def is_heading(self) -> bool:
        return self.number is None


def sanitise(html: str) -> SafeString:
    """HTML reduced to the allowed tags and attributes; links get rel="noopener noreferrer"."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def _shift_headings(html: str) -> str:
    for level in range(6, 0, -1):
        target = min(level + HEADING_SHIFT, 6)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


@lru_cache(maxsize=128)
def _blocks(text: str) -> tuple[Block, ...]:
    lines = text.replace("\r\n", "\n").split("\n")
    result = []
    number = 0
    for token in _markdown.parse("\n".join(lines)):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map
        source = "\n".join(lines[start:end]).strip()
        if not source:
            continue
        html = sanitise(_shift_headings(_markdown.render(source)))
        if token.type == "heading_open":
            result.append(Block(None, source, html))
        else:
            number += 1
            result.append(Block(number, source, html))
    return tuple(result)


def blocks(text: str) -> list[Block]:
    """The text's blocks in order; paragraphs numbered from 1."""
    return list(_blocks(text or ""))


def paragraph_count(text: str) -> int:
    return sum(1 for block in blocks(text) if not block.is_heading)
