"""The choice-list renderer writes exactly the HTML of Django's own widget templates, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from accounts.models import User
from common.renderers import ChoiceListRenderer

CHOICES = [
    ("", "Any"),
    ("a&b", 'Tom & "Jerry" <b>'),
    (3, gettext_lazy("Submitted")),
    ("Group <1>", [("x", "X"), ("y", mark_safe("<em>Y</em>"))]),
]
WIDGETS = [
    forms.Select(choices=CHOICES),
    forms.Select(choices=CHOICES, attrs={"id": "id_state", "required": True, "disabled": False, "data-x": 'a"b'}),
    forms.SelectMultiple(choices=CHOICES, attrs={"id": "id_many"}),
    forms.Select(choices=[(None, "Unknown"), (True, "Yes"), (False, "No")]),
    forms.CheckboxSelectMultiple(choices=CHOICES, attrs={"id": "id_present", "class": "boxes"}),
    forms.CheckboxSelectMultiple(choices=CHOICES),
    forms.RadioSelect(choices=CHOICES, attrs={"id": "id_choice"}),
]
VALUES = [None, "a&b", ["a&b", "y"], 3, "unknown"]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_choice_list_renders_what_django_templates_render(widget, value):
    expected = widget.render("field", value, renderer=DjangoTemplates())
    assert widget.render("field", value, renderer=ChoiceListRenderer()) == expected


@pytest.mark.django_db
def test_model_choice_list_renders_what_django_templates_render():
    User.objects.create(email="a&b@example.eu", full_name='Ann "A" <Admin>')
    field = forms.ModelChoiceField(queryset=User.objects.all(), empty_label="—")
    many = forms.ModelMultipleChoiceField(queryset=User.objects.all(), widget=forms.CheckboxSelectMultiple)
    for bound in (field, many):
        expected = bound.widget.render("person", None, attrs={"id": "id_person"}, renderer=DjangoTemplates())
        rendered = bound.widget.render("person", None, attrs={"id": "id_person"}, renderer=ChoiceListRenderer())
        assert rendered == expected and "a&amp;b@example.eu" not in expected


def test_widget_with_a_template_of_its_own_is_left_to_django():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Fancy(choices=[("1", "One")])
    assert widget.render("f", "1", renderer=ChoiceListRenderer()) == widget.render("f", "1", renderer=DjangoTemplates())
