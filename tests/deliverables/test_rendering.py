"""Markdown to sanitised HTML with numbered paragraphs: never raw HTML."""

from deliverables.rendering import blocks, paragraph_count, sanitise


def test_headings_are_not_numbered_paragraphs_are():
    result = blocks("# Title\n\nFirst.\n\n## Part\n\nSecond.\n\n- a\n- b\n")
    assert [b.number for b in result] == [None, 1, None, 2, 3]
    assert paragraph_count("# T\n\nOne.\n\nTwo.\n") == 2


def test_headings_start_below_the_page_headings():
    assert str(blocks("# Title")[0].html).startswith("<h3>")


def test_raw_html_is_never_rendered():
    html = str(blocks("Hello <script>alert(1)</script> <img src=x onerror=alert(1)>")[0].html)
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_link_is_dropped():
    html = str(blocks("[click](javascript:alert(1)) and [ok](https://example.eu)")[0].html)
    assert 'href="javascript' not in html
    assert 'href="https://example.eu"' in html


def test_sanitise_keeps_allowed_markup_and_adds_rel():
    html = str(sanitise('<p><a href="https://example.eu" onclick="x()">x</a> <em>y</em></p>'))
    assert "onclick" not in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<em>y</em>" in html
