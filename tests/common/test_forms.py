"""Model choice fields read their choices with one query, however often the form iterates them."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.models import Alliance
from common.forms import ModelChoiceField, ModelMultipleChoiceField

pytestmark = pytest.mark.django_db


class AllianceForm(forms.Form):
    alliance = ModelChoiceField(queryset=Alliance.objects.order_by("name"))
    others = ModelMultipleChoiceField(queryset=Alliance.objects.order_by("name"), required=False)


def test_a_select_of_a_model_is_read_with_one_plain_query():
    form = AllianceForm()
    with CaptureQueriesContext(connection) as captured:
        html = str(form["alliance"]) + str(form["alliance"])
    # One SELECT, not a server-side cursor (DECLARE, FETCH, CLOSE on PostgreSQL), for both renders.
    assert [query["sql"].split()[0] for query in captured.captured_queries] == ["SELECT"]
    assert all(f">{alliance.name}</option>" in html for alliance in Alliance.objects.all())
    assert " required" in html


def test_each_form_reads_its_own_choices(django_assert_num_queries):
    str(AllianceForm()["alliance"])
    with django_assert_num_queries(1):
        str(AllianceForm()["alliance"])


def test_a_listed_choice_is_still_validated_against_the_database():
    alliance = Alliance.objects.order_by("name").first()
    assert AllianceForm({"alliance": alliance.pk}).is_valid()
    assert not AllianceForm({"alliance": 999_999}).is_valid()
