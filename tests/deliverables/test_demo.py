"""The demo: Skills adopts its Blueprint (with a minority statement); Supply Chains drafts in a comment round."""

import io

import pytest

from deliverables import demo
from deliverables.models import CommentRound, Deliverable
from deliverables.selectors import carried_vote, statements_against
from tests.factories import groups as fg
from workinggroups import demo as workinggroups_demo

pytestmark = pytest.mark.django_db


def test_demo_seeds_adopted_blueprint_and_open_round_idempotently(django_capture_on_commit_callbacks):
    for _ in range(4):
        fg.membership()
    fg.decision_maker()
    workinggroups_demo.seed(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=io.StringIO())
    blueprint = Deliverable.objects.get(title=demo.BLUEPRINT, group__slug="skills")
    assert blueprint.state == Deliverable.State.PUBLISHED
    vote = carried_vote(blueprint)
    assert vote.pdf_ready
    assert statements_against(vote).count() == 1
    roadmap = Deliverable.objects.get(title=demo.ROADMAP, group__slug="supply-chains")
    assert roadmap.state == Deliverable.State.IN_COMMENT_ROUND
    assert CommentRound.objects.get(deliverable=roadmap).is_open
    demo.seed(stdout=io.StringIO())
    assert Deliverable.objects.count() == 2


def test_demo_without_members_seeds_nothing():
    out = io.StringIO()
    demo.seed(stdout=out)
    assert not Deliverable.objects.exists()
    assert "no members" in out.getvalue()


def test_demo_admits_founding_members_when_the_skills_vote_lacks_voters(django_capture_on_commit_callbacks):
    fg.membership()
    fg.decision_maker()
    workinggroups_demo.seed(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=io.StringIO())
    blueprint = Deliverable.objects.get(title=demo.BLUEPRINT)
    assert blueprint.state == Deliverable.State.PUBLISHED
    assert carried_vote(blueprint).ballot.eligible_count == 3
