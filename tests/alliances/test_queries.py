"""The alliance page runs the same number of SQL queries whatever the number of working groups and criteria."""

from alliances.models import Alliance, CriteriaVersion, Criterion, TermsOfReference
from tests.helpers import count_queries
from workinggroups.models import WorkingGroup


def alliance_with(working_groups, criteria):
    alliance = Alliance.objects.create(slug=f"bench-{working_groups}", name="Bench alliance", short_name="Bench")
    TermsOfReference.objects.create(
        alliance=alliance, version=1, text="Terms.", effective_from="2021-07-19", published_at="2021-07-19T00:00Z"
    )
    version = CriteriaVersion.objects.create(alliance=alliance, version=1, published_at="2021-07-19T00:00Z")
    for index in range(criteria):
        Criterion.objects.create(
            criteria_version=version, code=f"c{index}", position=index, title=f"C{index}", question="?", kind="score"
        )
    for index in range(working_groups):
        WorkingGroup.objects.create(alliance=alliance, slug=f"g{index}", name=f"Group {index}")
    return alliance


def test_alliance_page_runs_the_same_queries_with_1_and_30_working_groups_and_criteria(client, db):
    counts = [count_queries(client, f"/alliances/{alliance_with(number, number).slug}/") for number in (1, 30)]

    assert counts[0] == counts[1]
    assert counts[0] <= 6
