"""Model choice fields that read their choices with one plain query.

Django's ModelChoiceIterator reads the queryset with `iterator()`, which on PostgreSQL opens a server-side cursor
(DECLARE, FETCH, CLOSE: three round trips), and a <select> is iterated twice when rendered (once for the
`required` attribute, once for its options): six round trips for a list of two alliances. These fields read
their queryset once and keep it for the form's life (each form has its own copy of its fields and querysets).
"""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluates the field's queryset once; later passes read its result cache
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedModelChoiceIterator
