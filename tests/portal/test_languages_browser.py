"""The applicant's journey in French and the secretariat's in German: no English sentence, no WCAG violation.

"English" is any sentence of the portal's catalogue (three words or more) that the language's catalogue does not
translate into something else: until the French and German translations are merged these tests fail, listing the
English sentences they found on each page (by design; nothing here is expected to fail once they are).
"""

import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import polib
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from accounts.models import User
from applications import demo as applications_demo
from applications.models import Application
from reviews import demo as reviews_demo
from workinggroups import demo as workinggroups_demo

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SKIPPED = ("/accounts/logout", "/admin", "/static", "/media", "/i18n")
DOWNLOADS = (".pdf", ".csv", ".ics", "/pdf/", "/scan/", "/letter/", "/export/")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.fixture
def demo_data(transactional_db):
    for seeder in (applications_demo, reviews_demo, workinggroups_demo):
        seeder.seed(stdout=io.StringIO())


def english_sentences(language):
    """The catalogue's sentences (their longest literal part, three words or more) left English in `language`."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR, "locale", language, "LC_MESSAGES", "django.po")))
    sentences = set()
    for entry in catalogue:
        if entry.obsolete or (entry.translated() and entry.msgstr != entry.msgid and "fuzzy" not in entry.flags):
            continue
        part = max(PLACEHOLDER.split(entry.msgid), key=len).strip(" .,:;")
        if len(part.split()) >= 3:
            sentences.add(part)
    return sentences


def pages_of(browser, live_server, email, start_paths, limit=14):
    """The start pages and the pages they link to, as `email` (whose saved language applies), up to `limit`."""
    context = browser.new_context(locale="en-GB")
    client = Client()
    client.force_login(User.objects.get(email=email))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    queue, seen, count = list(start_paths), set(start_paths), 0
    while queue and count < limit:
        response = page.goto(urljoin(live_server.url, queue.pop(0)))
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        count += 1
        yield page
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlparse(urljoin(page.url, href))
            if target.netloc != urlparse(live_server.url).netloc or target.path in seen:
                continue
            if target.path.startswith(SKIPPED) or target.path.endswith(DOWNLOADS):
                continue
            seen.add(target.path)
            queue.append(target.path)
    context.close()


def check_pages(pages, language):
    english = english_sentences(language)
    axe = Axe()
    problems, checked = [], 0
    for page in pages:
        checked += 1
        path = urlparse(page.url).path
        if page.get_attribute("html", "lang") != language:
            problems.append(f"{path}: <html lang> is {page.get_attribute('html', 'lang')!r}")
        text = " ".join(page.inner_text("body").split())
        problems += [f"{path}: English {sentence!r}" for sentence in sorted(english) if sentence in text]
        for violation in axe.run(page, options=WCAG_AA).response["violations"]:
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']}")
    return checked, problems


def test_the_applicants_journey_in_french(demo_data, browser, live_server):
    draft = Application.objects.get(state="draft")
    steps = ["organisation", "activities", "criteria", "working-groups", "documents", "declaration", "submit"]
    start = ["/applications/", "/organisations/"] + [f"/applications/{draft.pk}/edit/{step}/" for step in steps]
    assert User.objects.get(email="editor@silicon.example.eu").language == "fr"

    checked, problems = check_pages(pages_of(browser, live_server, "editor@silicon.example.eu", start), "fr")

    assert checked >= len(start)
    assert problems == [], "\n".join(problems)


def test_the_secretariats_pages_in_german(demo_data, browser, live_server):
    assert User.objects.get(email="secretariat@allpros.example.eu").language == "de"

    checked, problems = check_pages(
        pages_of(browser, live_server, "secretariat@allpros.example.eu", ["/groups/", "/members/directory/"]), "de"
    )

    assert checked >= 2
    assert problems == [], "\n".join(problems)


def test_the_switcher_changes_the_language_without_javascript(transactional_db, browser, live_server):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/members/")

    page.select_option("#language-select", "de")
    page.click(".language-switcher button[type=submit]")

    assert urlparse(page.url).path == "/members/"
    assert page.get_attribute("html", "lang") == "de"
    assert page.input_value("#language-select") == "de"
    context.close()
