"""WCAG 2.1 A/AA checks (axe-core) on every deliverables page, for the people who reach them."""

import contextlib

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from deliverables import services
from tests.deliverables.helpers import adopted
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from tests.helpers import load_reference_data
from workinggroups import minutes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    load_reference_data()


def violations(browser, live_server, user, paths):
    context = browser.new_context(locale="en-GB")
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    problems = []
    try:
        page = context.new_page()
        axe = Axe()
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            for violation in axe.run(page, options=WCAG_AA).response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(f"{path}: {violation['id']} {violation['help']} at {targets}")
    finally:
        context.close()
    return problems


def test_deliverable_pages_pass_axe(browser, live_server):
    group = fg.group("supply-chains")
    item, writer, version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    services.add_comment(comment_round=comment_round, by=member, text="Cite the source.", paragraph=1)
    open_pages = [f"/deliverables/rounds/{comment_round.pk}/"]
    assert not violations(browser, live_server, member, open_pages)
    services.close_round(comment_round=comment_round, by=writer)
    services.write_version(deliverable=item, by=writer, text=fd.TEXT.replace("75,000", "90,000"))
    writer_pages = [
        f"/deliverables/group/{group.pk}/",
        f"/deliverables/{item.pk}/",
        f"/deliverables/versions/{version.pk}/",
        f"/deliverables/{item.pk}/compare/",
        f"/deliverables/{item.pk}/versions/new/",
        f"/deliverables/rounds/{comment_round.pk}/",
    ]
    assert not violations(browser, live_server, writer, writer_pages)
    chair, _org = fd.chair(group)
    meeting = fg.meeting(group)
    minutes.start_minutes(meeting=meeting, by=chair)  # the minutes page with the draft from the record
    chair_pages = [
        f"/deliverables/group/{group.pk}/new/",
        f"/deliverables/{item.pk}/vote/",
        f"/groups/meetings/{meeting.pk}/minutes/record/",
    ]
    assert not violations(browser, live_server, chair, chair_pages)


def test_adopted_and_public_pages_pass_axe(browser, live_server):
    group = fg.group("skills")
    item, _vote, chair = adopted(group, nullcontext_factory)
    services.acknowledge(deliverable=item, by=fg.decision_maker())
    services.publish(deliverable=item, by=chair)
    assert not violations(
        browser, live_server, None, [f"/deliverables/{item.pk}/verify/", "/alliances/semiconductors/"]
    )


def nullcontext_factory(execute=True):
    """In a transactional test on-commit callbacks run by themselves: nothing to capture."""
    return contextlib.nullcontext()
