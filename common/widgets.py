"""A <select> for long lists (countries, reviewers, organisations, people), written in one pass.

Django builds a dictionary per option (`Select.optgroups` → `create_option`, with its attributes, index and
template name) before anything is written: for the review queue's filters (250 countries, 250 reviewers) that
alone cost about 10 ms a request at the size of a real alliance (issue 10). This widget writes the same HTML as
Django's select.html and select_option.html (common.renderers writes them from those dictionaries) straight from
the choices, and leaves option groups and multiple selects to Django.
"""

import html
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe

from common.renderers import _text, attributes


def _label(label: Any) -> str:
    """`{{ widget.label }}`: a plain string escaped the way Django's escape does (without its lazy-string
    wrapper, which cost more than the rest of an option), anything else as the template would write it."""
    if type(label) is str:
        return html.escape(label)
    return _text(label)


class LongSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        parts = [f'<select name="{_text(name)}"{attributes(self.build_attrs(self.attrs, attrs))}>']
        found = False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            # As Select.optgroups: only the first option with the value is selected.
            is_selected = not found and text in selected
            found = found or is_selected
            selected_attribute = " selected" if is_selected else ""
            parts.append(f'\n  <option value="{html.escape(text)}"{selected_attribute}>{_label(label)}</option>\n')
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above
