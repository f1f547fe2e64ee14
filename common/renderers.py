"""The form renderer: Django's, except that choice lists are written in Python.

Django renders every option of a <select>, and every box of a list of checkboxes or radio buttons, through a
template of its own (an include, and another for its attributes). A list of 250 countries or of 600
organisations then costs hundreds of template renders: on the review queue's filters, a roster's form or a
meeting's attendance, most of the page's time (issue 10). This writes exactly the HTML of Django's own widget
templates (django/forms/templates/django/forms/widgets/), escaped as the templates escape it, and leaves every
other template, and any widget or option with a template of its own, to Django.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.html import conditional_escape, escape

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
SELECT_OPTION = WIDGETS + "select_option.html"
MULTIPLE_INPUTS = {WIDGETS + "checkbox_select.html", WIDGETS + "radio.html", WIDGETS + "multiple_input.html"}
# What each option template leaves after its tag: the template files' own final line breaks (an included
# template keeps them; only the widget's outermost template is stripped).
INPUT_OPTIONS = {
    WIDGETS + "checkbox_option.html": "\n\n",
    WIDGETS + "radio_option.html": "\n\n",
    WIDGETS + "input_option.html": "\n",
}


class ChoiceListRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT and _options_use(widget, {SELECT_OPTION}):
            return select(widget)
        if template_name in MULTIPLE_INPUTS and _options_use(widget, INPUT_OPTIONS):
            return multiple_inputs(widget)
        return super().render(template_name, context, request)


def _options_use(widget: dict | None, templates: set[str]) -> bool:
    if not widget or "optgroups" not in widget:
        return False
    return all(
        option["template_name"] in templates for _group, options, _index in widget["optgroups"] for option in options
    )


def _text(value: Any) -> str:
    """`{{ value }}` in a template: localized, then escaped unless already safe."""
    return conditional_escape(formats.localize(value))


def _string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter's result is never marked safe, so it is always escaped."""
    return escape("%s" % (value,))  # noqa: UP031 - exactly what the stringformat filter does


def attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def select(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html for each option."""
    parts = [f'<select name="{_text(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_string(option["value"])}"{attributes(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def multiple_inputs(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html with input_option.html (and input.html) for each option."""
    identifier = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = ["<div"]
    if identifier:
        parts.append(f' id="{_text(identifier)}"')
    if css_class:
        parts.append(f' class="{_text(css_class)}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {input_option(option)}{INPUT_OPTIONS[option['template_name']]}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html."""
    value = "" if option["value"] is None else f' value="{_string(option["value"])}"'
    # input.html, included, keeps its final line break.
    html = (
        f'<input type="{_text(option["type"])}" name="{_text(option["name"])}"{value}{attributes(option["attrs"])}>\n'
    )
    if not option.get("wrap_label"):
        return html
    target = option["attrs"].get("id")
    label_for = f' for="{_text(target)}"' if target else ""
    return f"<label{label_for}>{html} {_text(option['label'])}</label>"
