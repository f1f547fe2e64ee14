"""WCAG 2.1 A/AA checks (axe-core) on every page each role reaches from its start pages, on the demo data."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from applications.models import Application
from tests.browsing import STEPS, crawl, logged_in_context, seed_demo_data
from workinggroups.models import Meeting, RosterEntry

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES_PER_ROLE = 20


@pytest.fixture
def demo_data(transactional_db):
    seed_demo_data()


WIDTHS = (1280, 320)
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _demo_person(role: str) -> str:
    """The e-mail of the demo member representative or ad-hoc invitee (their addresses follow the demo's data)."""

    entry = RosterEntry.objects.filter(role=role).select_related("user").order_by("pk").first()
    return entry.user.email


@pytest.mark.parametrize(
    ("email", "start_paths"),
    [
        (None, ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/members/", "/privacy/"]),
        ("applicant@silicon.example.eu", ["/", "/applications/", "/organisations/", "/organisations/new/", "STEPS"]),
        ("decider@commission.example.eu", ["/", "/review/"]),
        ("reviewer1@commission.example.eu", ["/", "/review/"]),
        ("secretariat@allpros.example.eu", ["/", "/groups/", "/members/directory/", "TASKS"]),
        ("member_representative", ["/", "/groups/", "/groups/ballots/", "/groups/meetings/"]),
        ("ad_hoc_invitee", ["/", "/groups/meetings/"]),
    ],
    ids=["anonymous", "applicant", "decision-maker", "reviewer", "secretariat", "member", "ad-hoc-invitee"],
)
def test_pages_meet_wcag_2_1_aa_and_reflow_at_320_px(demo_data, browser, live_server, email, start_paths):
    """Every page a role reaches: no axe-core violation and no horizontal scrolling, at 1280 and at 320 px."""
    if email in {"member_representative", "ad_hoc_invitee"}:
        email = _demo_person(email)
    if "STEPS" in start_paths:
        draft = Application.objects.get(state="draft")
        start_paths = [path for path in start_paths if path != "STEPS"]
        start_paths += [f"/applications/{draft.pk}/edit/{step}/" for step in STEPS]
    if "TASKS" in start_paths:
        # The secretariat's task pages: linked from the meeting and group pages, deeper than the crawl's reach.
        meeting = Meeting.objects.order_by("starts_at", "pk").first()
        tasks = ("meeting_invitees", "meeting_attendance", "meeting_ad_hoc")
        start_paths = [path for path in start_paths if path != "TASKS"]
        start_paths += [reverse(f"workinggroups:{name}", args=[meeting.pk]) for name in tasks]
        start_paths.append(reverse("workinggroups:roster_add", args=[meeting.group_id]))
    context = logged_in_context(browser, live_server, email, viewport={"width": WIDTHS[0], "height": 800})
    page = context.new_page()
    axe = Axe()
    problems, checked = [], []
    for path in crawl(page, live_server, start_paths, PAGES_PER_ROLE):
        checked.append(path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate(OVERFLOW)
            if overflow > 1:
                problems.append(f"{path} at {width} px: {overflow} px wider than the screen")
            for violation in axe.run(page, options=WCAG_AA).response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(
                    f"{path} at {width} px: {violation['id']} ({violation['impact']}) {violation['help']} at {targets}"
                )
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    context.close()

    assert len(checked) >= len(start_paths)
    assert problems == [], "\n".join(problems)


def test_accessibility_check_reports_what_it_should(demo_data, browser, live_server):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "document.querySelector('label[for=id_login]').remove();"
        "document.querySelector('#id_login').removeAttribute('placeholder');"
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/none.png\">');"
    )

    violations = Axe().run(page, options=WCAG_AA).response["violations"]

    page.close()
    assert {"label", "image-alt"} <= {violation["id"] for violation in violations}


def test_reflow_check_reports_a_page_wider_than_the_screen(demo_data, browser, live_server):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate(OVERFLOW) <= 1
    # The CSP refuses inline styles, so the wide element is wide by its attributes.
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input size=\"150\">')")
    assert page.evaluate(OVERFLOW) > 500
    page.close()
