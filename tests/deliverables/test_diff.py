"""The comparison of two versions: by paragraph, with <del>/<ins> and text cues, escaped."""

from deliverables.diff import compare


def test_changed_paragraph_marks_words_with_text_cues():
    rows = compare("Keep.\n\nEurope needs 75,000 engineers.\n", "Keep.\n\nEurope needs 90,000 engineers.\n")
    assert [row.kind for row in rows] == ["same", "changed"]
    html = str(rows[1].html)
    assert "<del>" in html and "75,000" in html
    assert "<ins>" in html and "90,000" in html
    assert "[removed:]" in html and "[added:]" in html


def test_added_and_removed_paragraphs():
    rows = compare("One.\n\nTwo.\n", "One.\n\nThree.\n\nFour.\n")
    kinds = [row.kind for row in rows]
    assert kinds[0] == "same"
    assert "changed" in kinds and "added" in kinds


def test_diff_escapes_markup():
    rows = compare("Plain.\n", "<script>alert(1)</script>\n")
    assert "<script>" not in "".join(str(row.html) for row in rows)


def test_identical_texts_have_only_same_rows():
    assert {row.kind for row in compare("A.\n\nB.\n", "A.\n\nB.\n")} == {"same"}
