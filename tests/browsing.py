"""What the browser tests share: the demo data, a signed-in browser context, a login through the login page, and a
crawl of the pages a role reaches."""

import io
import time
from collections.abc import Iterator
from urllib.parse import urljoin, urlparse

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from applications import demo as applications_demo
from reviews import demo as reviews_demo
from workinggroups import demo as workinggroups_demo

SKIPPED_PATHS = ("/accounts/logout", "/admin", "/static", "/media")
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".ics", "/pdf/", "/scan/", "/letter/", "/export/")
STEPS = ["organisation", "activities", "criteria", "working-groups", "documents", "declaration", "submit"]


def seed_demo_data() -> None:
    for seeder in (applications_demo, reviews_demo, workinggroups_demo):
        seeder.seed(stdout=io.StringIO())


def logged_in_context(browser, live_server, email: str | None, **options):
    context = browser.new_context(locale="en-GB", **options)
    if email:
        client = Client()
        client.force_login(User.objects.get(email=email))
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def log_in_through_the_form(page, live_server, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Sign in on the login page as a person would (with the code their authenticator app shows, for staff)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret:
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        page.get_by_label("Code").fill(format_hotp_value(hotp_value(totp_secret, counter)))
        page.get_by_role("button", name="Sign In").click()


def crawl(page, live_server, start_paths: list[str], limit: int) -> Iterator[str]:
    """The start pages and the pages they link to, same site only, no downloads, up to `limit` pages."""
    queue, seen, visited = list(start_paths), set(start_paths), []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        try:
            response = page.goto(urljoin(live_server.url, path))
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file behind a link: not a page to check
                continue
            raise
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
