"""The shared reads of the review side: the consolidated summary."""

from decimal import Decimal

import pytest

from reviews import selectors
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def test_summarise_flags_disagreement_and_weighted_total():
    boss = rf.decision_maker()
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("5"))
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("2.5"))
    summary = selectors.summarise(selectors.application_for_review(application.pk).get())
    line = summary.score_lines[0]
    assert line.spread == Decimal("2.5") and line.disagreement
    assert line.mean == Decimal("3.75")
    assert summary.weighted_total == sum((x.weighted for x in summary.score_lines), Decimal("0"))
    assert summary.complete and summary.all_gates_met
