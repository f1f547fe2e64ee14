"""Each role of the demo logs in through the login page in Chromium and lands on its own home, with the demo's items.

The demo data is what `make run` loads (manage.py seed_demo); each person reads the home in their saved language
(the decision maker and the secretariat in German, a colleague and a member in French), as the demo shows it.
"""

import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.demo import DEMO_PASSWORD
from applications.models import Application
from reviews.demo import DEMO_TOTP_SECRET
from tests.browsing import log_in_through_the_form
from workinggroups.demo import MEETING_TITLE, OPEN_QUESTION, PFAS_MEETING_TITLE
from workinggroups.models import Ballot, Meeting, WorkingGroup

pytestmark = pytest.mark.browser


@dataclass
class Home:
    """What one person must see on their home: headings, items (link text, address, note) and links."""

    email: str
    welcome: str
    headings: list[str]
    items: list[tuple[str, str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)  # (link text, pattern of the item's date)
    totp: bool = False


@pytest.fixture
def demo_data(transactional_db):
    with override_settings(DEBUG=True):  # seed_demo refuses to run without DEBUG: its logins are public
        call_command("seed_demo", stdout=io.StringIO())


def _application(acronym: str) -> str:
    return f"/applications/{Application.objects.get(organisation__acronym=acronym).pk}/"


def _review(acronym: str, suffix: str = "") -> str:
    return f"/review/{Application.objects.get(organisation__acronym=acronym).pk}/{suffix}"


def _homes() -> dict[str, Home]:
    group = {g.slug: g.pk for g in WorkingGroup.objects.filter(alliance__slug="semiconductors")}
    ballot = f"/groups/ballots/{Ballot.objects.get(question=OPEN_QUESTION).pk}/"
    plenary = f"/groups/meetings/{Meeting.objects.get(title=MEETING_TITLE).pk}/"
    workshop = f"/groups/meetings/{Meeting.objects.get(title=PFAS_MEETING_TITLE).pk}/"
    return {
        "applicant for several organisations": Home(
            email="applicant@silicon.example.eu",
            welcome="Welcome, Eva Novak",
            headings=["Your applications", "Applications (9)"],
            items=[
                (
                    "Madrid Edge Cloud S.L. — Industrial Cloud",
                    _application("MEC"),
                    "Needs you: Draft: still needed — Declaration: the Declaration is not signed.",
                ),
                (
                    "Milano Sensor Systems S.r.l. — Semiconductors",
                    _application("MSS"),
                    "Needs you: The Commission asks a question: answer it.",
                ),
                (
                    "Grenoble Quantum Devices SAS — Semiconductors",
                    _application("GQD"),
                    "Under review: nothing is needed from you now.",
                ),
                (
                    "Eindhoven Photonic Foundry B.V. — Semiconductors",
                    _application("EPF"),
                    "Approved: your organisation is a member.",
                ),
                (
                    "Pacific Memory Europe B.V. — Semiconductors",
                    _application("PME"),
                    "Rejected: the decision letter says why and how to ask for a review.",
                ),
                ("Nordic Chip Design AB — Semiconductors", _application("NCD"), "Withdrawn."),
                (
                    "Baltic Semiconductor Materials UAB — Semiconductors",
                    _application("BSM"),
                    "Submitted: the Commission will assign reviewers.",
                ),
            ],
            links=[("My applications", "/applications/"), ("My organisations", "/organisations/")],
            absent=["Create your organisation's profile first", "Your reviews", "Your working groups"],
        ),
        "colleague (editor, in French)": Home(
            email="editor@silicon.example.eu",
            welcome="Bienvenue, Marco Rossi",
            headings=["Vos candidatures", "Candidatures (9)"],
            items=[
                (
                    "Milano Sensor Systems S.r.l. — Semi-conducteurs",
                    _application("MSS"),
                    "À traiter : La Commission pose une question : répondez-y.",
                ),
            ],
            links=[("Mes candidatures", "/applications/")],
            absent=["Successfully signed in"],  # the login message too is in the person's language
        ),
        "reviewer": Home(
            email="reviewer1@commission.example.eu",
            totp=True,
            welcome="Welcome, Rita Reviewer",
            headings=[
                "Your reviews",
                "Conflicts of interest to declare (0)",
                "Reviews due (overdue first) (2)",
                "Clarifications answered in the last 14 days (0)",
            ],
            items=[
                ("Leuven Advanced Packaging Lab — Semiconductors", _review("LAPL"), "due"),
                ("Milano Sensor Systems S.r.l. — Semiconductors", _review("MSS"), "due"),
            ],
            links=[("Review queue", "/review/")],
            absent=["Your applications", "Create your organisation's profile first"],
        ),
        "decision maker (in German)": Home(
            email="decider@commission.example.eu",
            totp=True,
            welcome="Willkommen, Dora Decider",
            headings=[
                "Entscheidungen",
                "Zur Entscheidung bereite Anträge (1)",
                "Eingereichte Anträge mit weniger als zwei Gutachtern (1)",
                "Auslastung der Gutachter (4)",
            ],
            items=[
                ("Grenoble Quantum Devices SAS — Halbleiter", _review("GQD", "decision/"), "bereit seit"),
                ("Baltic Semiconductor Materials UAB — Halbleiter", _review("BSM"), "eingereicht"),
                ("Rita Reviewer", "/review/", "3 von höchstens 10 offenen Anträgen (Halbleiter)"),
            ],
            links=[("Prüfungswarteschlange", "/review/")],
            absent=["Ihre Anträge", "Successfully signed in"],
        ),
        "secretariat (in German)": Home(
            email="secretariat@allpros.example.eu",
            totp=True,
            welcome="Willkommen, ALLPROS.eu Secretariat",
            headings=[
                "Sekretariat",
                "Anfragen zum Beitritt zu einer Arbeitsgruppe (2)",
                "Offene Abstimmungen (bald endende zuerst) (1)",
                "Sitzungen in den nächsten 30 Tagen (2)",
                "Zu veröffentlichende Protokolle (0)",
            ],
            items=[
                ("Eindhoven Photonic Foundry B.V. — PFAS", f"/groups/{group['pfas']}/", "gestellt am"),
                ("Eindhoven Photonic Foundry B.V. — Kompetenzen", f"/groups/{group['skills']}/", "gestellt am"),
                (f"{OPEN_QUESTION} — Lieferketten", ballot, "Ende"),
                (f"{MEETING_TITLE} — Lieferketten", plenary, ""),
                (f"{PFAS_MEETING_TITLE} — PFAS", workshop, ""),
            ],
            links=[("Sitzungen", "/groups/meetings/"), ("Abstimmungen", "/groups/ballots/")],
            absent=["Ihre Anträge", "Successfully signed in"],
            dates=[(f"{MEETING_TITLE} — Lieferketten", r"\b\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}, 10:00\b")],
        ),
        "member representative who has not voted": Home(
            email="representative@dps.example.eu",
            welcome="Welcome, Representative of DPS",
            headings=[
                "Your working groups",
                "Open ballots (closing soonest first) (1)",
                "Comment rounds open (1)",
                "Coming meetings (2)",
                "Your groups (3)",
                "Your applications",
            ],
            items=[
                (f"{OPEN_QUESTION} — Supply Chains", ballot, "not voted yet; closes"),
                ("Supply chain resilience roadmap — Supply Chains", "/deliverables/rounds/", "comments close"),
                (f"{MEETING_TITLE} — Supply Chains", plenary, ""),
                (f"{PFAS_MEETING_TITLE} — PFAS", workshop, ""),
                ("Supply Chains", f"/groups/{group['supply-chains']}/", "Semiconductors"),
                ("PFAS", f"/groups/{group['pfas']}/", "Semiconductors"),
                ("Skills", f"/groups/{group['skills']}/", "Semiconductors"),
                (
                    "Dresden Power Semiconductors GmbH — Semiconductors",
                    _application("DPS"),
                    "Approved: your organisation is a member.",
                ),
            ],
            links=[("My meetings", "/groups/meetings/"), ("Ballots", "/groups/ballots/")],
            dates=[(f"{MEETING_TITLE} — Supply Chains", r"\b\d{1,2} [A-Z][a-z]+ \d{4}, 10:00\b")],
        ),
        "member representative who has voted (in French)": Home(
            email="representative@epf.example.eu",
            welcome="Bienvenue, Representative of EPF",
            headings=["Vos groupes de travail", "Scrutins ouverts (clôture la plus proche en premier) (1)"],
            items=[(f"{OPEN_QUESTION} — Chaînes d'approvisionnement", ballot, "vous avez voté ; clôture")],
            absent=["Successfully signed in"],
        ),
        "ad-hoc invitee": Home(
            email="invitee@bsm.example.eu",
            welcome="Welcome, Guest expert of BSM",
            headings=["Meetings you are invited to", "Meetings (2)"],
            items=[(f"{MEETING_TITLE} — Supply Chains", plenary, ""), (f"{PFAS_MEETING_TITLE} — PFAS", workshop, "")],
            links=[("My meetings", "/groups/meetings/")],
            absent=["ballot", "Ballots", "Your working groups"],
        ),
        "administrator": Home(
            email="admin@commission.example.eu",
            totp=True,
            welcome="Welcome, Portal Administrator",
            headings=["Administration", "People in each role (4)", "Staff without a second factor (0)"],
            items=[
                ("Reviewer", "/admin/accounts/user/?groups__id__exact=", "2 active people"),
                ("Decision maker", "/admin/accounts/user/?groups__id__exact=", "1 active person"),
                ("Secretariat", "/admin/accounts/user/?groups__id__exact=", "1 active person"),
            ],
            links=[("People and roles", "/admin/accounts/user/"), ("Audit trail", "/admin/audit/auditentry/")],
            absent=["Create your organisation's profile first", "Your applications"],
        ),
    }


def _words(text: str) -> str:
    return " ".join(text.split())  # French puts a no-break space before the colon


def _problems_on(page, home: Home) -> list[str]:
    problems = []
    main = page.locator("main")
    if _words(main.locator("h1").inner_text()) != home.welcome:
        problems.append(f"welcome is {main.locator('h1').inner_text()!r}, not {home.welcome!r}")
    headings = [_words(text) for text in main.locator("h2, h3").all_inner_texts()]
    problems += [f"no heading {heading!r} in {headings}" for heading in home.headings if heading not in headings]
    for text, address, note in home.items:
        rows = main.locator("li").filter(has=page.get_by_role("link", name=text, exact=True))
        found = [
            (row.get_by_role("link", name=text, exact=True).get_attribute("href"), _words(row.inner_text()))
            for row in rows.all()
        ]
        if not any(href.startswith(address) and note in row_text for href, row_text in found):
            problems.append(f"no item {text!r} → {address} with {note!r}; found {found}")
    for text, address in home.links:
        hrefs = [link.get_attribute("href") for link in main.get_by_role("link", name=text, exact=True).all()]
        if address not in hrefs:
            problems.append(f"no link {text!r} → {address}; found {hrefs}")
    for text, pattern in home.dates:
        row = _words(main.locator("li").filter(has=page.get_by_role("link", name=text, exact=True)).first.inner_text())
        if not re.search(pattern, row):
            problems.append(f"the date of {text!r} does not read like {pattern!r}: {row!r}")
    text = _words(main.inner_text())
    problems += [f"shows {unwanted!r}" for unwanted in home.absent if unwanted in text]
    return problems


def test_each_role_logs_in_and_lands_on_its_home_with_the_demo_items(demo_data, browser, live_server):
    problems = []
    for role, home in _homes().items():
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in_through_the_form(
            page, live_server, home.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET if home.totp else None
        )
        page.wait_for_load_state()
        if urlparse(page.url).path != "/":
            problems.append(f"{role}: landed on {page.url}, not on the home")
        else:
            problems += [f"{role}: {problem}" for problem in _problems_on(page, home)]
        context.close()

    assert problems == [], "\n".join(problems)
