"""WCAG 2.1 A/AA checks (axe-core) on every page each role reaches from its start pages, on the demo data."""

import io
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from accounts.models import User
from applications import demo as applications_demo
from applications.models import Application
from reviews import demo as reviews_demo
from workinggroups import demo as workinggroups_demo

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SKIPPED_PATHS = ("/accounts/logout", "/admin", "/static", "/media")
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".ics", "/pdf/", "/scan/", "/letter/", "/export/")
PAGES_PER_ROLE = 20
STEPS = ["organisation", "activities", "criteria", "working-groups", "documents", "declaration", "submit"]


@pytest.fixture
def demo_data(transactional_db):
    for seeder in (applications_demo, reviews_demo, workinggroups_demo):
        seeder.seed(stdout=io.StringIO())


def logged_in_context(browser, live_server, email):
    context = browser.new_context(locale="en-GB")
    if email:
        client = Client()
        client.force_login(User.objects.get(email=email))
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def crawl(page, live_server, start_paths, limit):
    """The start pages and the pages they link to, same site only, no downloads, up to `limit` pages."""
    queue, seen, visited = list(start_paths), set(start_paths), []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        response = page.goto(urljoin(live_server.url, path))
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        yield path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlparse(urljoin(page.url, href))
            if target.netloc != urlparse(live_server.url).netloc:
                continue
            candidate = target.path + (f"?{target.query}" if target.query else "")
            if candidate in seen or target.path.startswith(SKIPPED_PATHS) or target.path.endswith(DOWNLOAD_SUFFIXES):
                continue
            seen.add(candidate)
            queue.append(candidate)


@pytest.mark.parametrize(
    ("email", "start_paths"),
    [
        (None, ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/members/"]),
        ("applicant@silicon.example.eu", ["/applications/", "/organisations/", "/organisations/new/", "STEPS"]),
        ("decider@commission.example.eu", ["/review/"]),
        ("reviewer1@commission.example.eu", ["/review/"]),
        ("secretariat@allpros.example.eu", ["/groups/", "/members/directory/"]),
    ],
    ids=["anonymous", "applicant", "decision-maker", "reviewer", "secretariat"],
)
def test_pages_meet_wcag_2_1_aa(demo_data, browser, live_server, email, start_paths):
    if "STEPS" in start_paths:
        draft = Application.objects.get(state="draft")
        start_paths = [path for path in start_paths if path != "STEPS"]
        start_paths += [f"/applications/{draft.pk}/edit/{step}/" for step in STEPS]
    context = logged_in_context(browser, live_server, email)
    page = context.new_page()
    axe = Axe()
    problems, checked = [], []
    for path in crawl(page, live_server, start_paths, PAGES_PER_ROLE):
        checked.append(path)
        for violation in axe.run(page, options=WCAG_AA).response["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} at {targets}")
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
