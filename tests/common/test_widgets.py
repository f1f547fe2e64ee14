"""The long-list <select> writes exactly the HTML of Django's own Select, without a dictionary per option."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from accounts.models import User
from common.widgets import LongSelect

CHOICES = [("", "Any"), ("a&b", 'Tom & "Jerry" <b>'), (3, gettext_lazy("Submitted")), ("x", mark_safe("<em>X</em>"))]
ATTRS = [{}, {"id": "id_country", "required": True, "disabled": False, "data-x": 'a"b'}]


@pytest.mark.parametrize("attrs", ATTRS, ids=["bare", "attributes"])
@pytest.mark.parametrize("value", [None, "", "a&b", 3, "unknown", ["x"]], ids=repr)
def test_long_select_renders_what_django_select_renders(attrs, value):
    expected = forms.Select(choices=CHOICES).render("field", value, attrs=attrs, renderer=DjangoTemplates())
    assert LongSelect(choices=CHOICES).render("field", value, attrs=attrs) == expected


def test_long_select_selects_only_the_first_option_with_the_value():
    html = LongSelect(choices=[("a", "A"), ("a", "Again")]).render("field", "a")
    assert html.count(" selected") == 1
    assert html == forms.Select(choices=[("a", "A"), ("a", "Again")]).render("field", "a", renderer=DjangoTemplates())


def test_long_select_leaves_option_groups_to_django():
    choices = [("Group <1>", [("x", "X"), ("y", "Y")])]
    html = LongSelect(choices=choices).render("field", "y")
    assert '<optgroup label="Group &lt;1&gt;">' in html
    assert '<option value="y" selected>Y</option>' in html


@pytest.mark.django_db
def test_long_select_of_a_model_choice_field_renders_what_django_renders():
    user = User.objects.create(email="a&b@example.eu", full_name='Ann "A" <Admin>')
    field = forms.ModelChoiceField(queryset=User.objects.all(), empty_label="—", widget=LongSelect)
    expected = forms.Select(choices=field.choices).render("person", user.pk, renderer=DjangoTemplates())
    html = field.widget.render("person", user.pk)
    assert html == expected
    assert f'<option value="{user.pk}" selected>Ann &quot;A&quot; &lt;Admin&gt;</option>' in html
