"""Throughput of the main pages at the size of a real alliance, against a bare Django view, under wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale .venv/bin/python bench/load.py [SECONDS] [PAGE ...]

The database must hold seed_demo and seed_scale (see README). The script collects the static files, serves the
portal with gunicorn (2 sync workers, production settings: DEBUG off, SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
SECURE_SSL_REDIRECT=0, so plain HTTP) and, with the same gunicorn and settings, a bare Django template view
(bench/bare_urls.py). It logs each demo user in once through the real login (with the TOTP code for staff),
checks that every page answers 200 with what it should show, then drives each page with wrk (20 connections,
2 threads, SECONDS each, default 10) and prints a Markdown table: requests per second, p50, p99 and the share of
the bare view's requests per second (measured before and after the pages; their mean is the reference).
The portal's workers share a Redis cache (REDIS_URL, default database 3 on 127.0.0.1, emptied at the start),
so signed-in pages are kept while nothing they show changes (common.page_cache); with --cold they are built for
every request, as on the first visit after a change. Naming pages (e.g. `"home page" "review queue, decision
maker"`) runs only those. With --baseline=DIR (a
copy of another commit, e.g. `git archive main | tar -x -C /tmp/before`), that tree is served too, on the same
database, and each page is driven there just before it is driven here: both meet the same load on a shared
machine, and the table shows before → after. A benchmark: it prints figures and never fails on them.
"""

import base64
import hashlib
import hmac
import http.client
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
PORTAL_PORT, BARE_PORT, BASELINE_PORT = 8731, 8732, 8733
CONNECTIONS, THREADS = 20, 2
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "portal-bench-static"),
}
os.environ.update(ENVIRONMENT)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scale")
# As in production: the workers share a Redis cache (sessions, kept pages); a database of its own.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
if "--cold" in sys.argv:
    # Every page built for every request: what the first visit after a change costs (common.page_cache).
    os.environ["PAGE_CACHE_TIMEOUT"] = "0"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from accounts.demo import DEMO_PASSWORD  # noqa: E402
from applications.models import Application  # noqa: E402
from reviews.demo import DEMO_TOTP_SECRET  # noqa: E402
from reviews.models import Assignment  # noqa: E402
from workinggroups.models import Ballot, Meeting, WorkingGroup  # noqa: E402

APPLICANT = "applicant@silicon.example.eu"
REVIEWER = "reviewer1@commission.example.eu"
DECIDER = "decider@commission.example.eu"
SECRETARIAT = "secretariat@allpros.example.eu"
MEMBER = "representative@epf.example.eu"
STAFF = {REVIEWER, DECIDER}


@dataclass
class Page:
    label: str
    user: str | None
    path: str
    expect: str  # a text the page must show to that user


def pages() -> list[Page]:
    """The main pages of issue 10, each with the demo user who uses it (ids looked up in the database)."""
    applicant_application = (
        Application.objects.filter(organisation__users__email=APPLICANT, state="under_review").order_by("pk").first()
    )
    own = (
        Assignment.objects.filter(reviewer__email=REVIEWER, has_conflict=False, application__state="under_review")
        .order_by("application_id")
        .first()
    )
    ready = (
        Application.objects.filter(state="under_review")
        .annotate(
            pending=Count(
                "review_assignments",
                filter=~Q(review_assignments__has_conflict=True) & ~Q(review_assignments__review__status="submitted"),
            ),
            reviews=Count("review_assignments__review"),
        )
        .filter(pending=0, reviews__gte=5)
        .order_by("pk")
        .first()
    )
    group = WorkingGroup.objects.get(slug="supply-chains")
    meeting = Meeting.objects.filter(group=group, attendance__isnull=False).order_by("-starts_at").first()
    ballot = Ballot.objects.filter(group=group, state="open").annotate(n=Count("eligible")).order_by("-n").first()
    queue_pages = (
        Application.objects.filter(
            state__in=["submitted", "under_review", "clarification_requested", "approved", "rejected"]
        ).count()
        + 19
    ) // 20
    return [
        Page("home page", None, "/", "Alliance"),
        Page("public member list", None, "/members/", "Dresden Power Semiconductors"),
        Page("applicant dashboard", APPLICANT, "/applications/", applicant_application.organisation.legal_name),
        Page(
            "application detail",
            APPLICANT,
            f"/applications/{applicant_application.pk}/",
            applicant_application.reference,
        ),
        Page("review queue, reviewer", REVIEWER, "/review/", "APP-"),
        Page("review queue, decision maker", DECIDER, "/review/", "APP-"),
        Page("review queue, late page", DECIDER, f"/review/?page={queue_pages - 3}", "APP-"),
        Page(
            "review queue, filtered and searched",
            DECIDER,
            "/review/?state=under_review&country=DE&q=Photonics",
            "Photonics",
        ),
        Page("review page", REVIEWER, f"/review/{own.application_id}/", own.application.reference),
        Page("decision page", DECIDER, f"/review/{ready.pk}/decision/", ready.reference),
        Page("member directory", SECRETARIAT, "/members/directory/", "Adriatic"),
        Page("working group + roster, secretariat", SECRETARIAT, f"/groups/{group.pk}/", group.name),
        Page("working group + roster, member", MEMBER, f"/groups/{group.pk}/", group.name),
        Page("meeting page, secretariat", SECRETARIAT, f"/groups/meetings/{meeting.pk}/", meeting.title),
        Page("ballot page, member", MEMBER, f"/groups/ballots/{ballot.pk}/", ballot.question),
        Page("ballot page, secretariat", SECRETARIAT, f"/groups/ballots/{ballot.pk}/", ballot.question),
    ]


# --- HTTP with a hand-kept cookie jar (the portal's cookies are Secure; this is plain HTTP on loopback) -------


def request(method, path, *, port=PORTAL_PORT, cookies=None, form=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read().decode("utf-8", "replace")
    if cookies is not None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
    connection.close()
    return response.status, response.getheader("Location") or "", content


def csrf_token(content):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    return match.group(1) if match else ""


def totp(secret, at=None):
    """RFC 6238: the code an authenticator app shows for the demo's public secret."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def log_in(email, port=PORTAL_PORT):
    """The session cookie of a real login (password, then the TOTP code for Commission staff)."""
    cookies = {}
    _status, _location, content = request("GET", "/accounts/login/", port=port, cookies=cookies)
    form = {"login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf_token(content)}
    status, location, _content = request("POST", "/accounts/login/", port=port, cookies=cookies, form=form)
    if status != 302:
        raise SystemExit(f"login of {email} answered {status}")
    if "/2fa/" in location:
        path = urllib.parse.urlsplit(location).path
        for attempt in range(2):
            _status, _location, content = request("GET", path, port=port, cookies=cookies)
            form = {"code": totp(DEMO_TOTP_SECRET), "csrfmiddlewaretoken": csrf_token(content)}
            status, location, _content = request("POST", path, port=port, cookies=cookies, form=form)
            if status == 302 and "/2fa/" not in location:
                break
            if attempt:
                raise SystemExit(f"TOTP of {email} refused ({status} {location})")
            # A code is accepted once (allauth): the other tree's login may have used this one.
            time.sleep(30 - time.time() % 30 + 1)
    return f"sessionid={cookies['sessionid']}"


# --- servers and wrk -----------------------------------------------------------------------------------------


def serve(module, port, tree=ROOT):
    environment = {**os.environ}
    if module == "bare":
        environment["DJANGO_SETTINGS_MODULE"] = "bench.bare_settings"
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "portal.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "600",
    ]
    process = subprocess.Popen(command, cwd=tree, env=environment)  # noqa: S603 - our own command
    for _ in range(100):
        try:
            request("GET", "/healthz" if module == "portal" else "/", port=port)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn ({module}) did not start")


def wrk(url, seconds, cookie=None):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, _latency(output, "50"), _latency(output, "99"), int(bad.group(1)) if bad else 0


def drain(port):
    """Wait until the workers have served the requests wrk left queued, so that they do not slow the next page."""
    quick = 0
    for _ in range(600):
        started = time.perf_counter()
        request("GET", "/healthz", port=port)
        quick = quick + 1 if time.perf_counter() - started < 0.5 else 0
        if quick == 3:
            return


def _latency(output, percentile):
    value, unit = re.search(rf"^\s+{percentile}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    seconds = next((int(arg) for arg in sys.argv[1:] if arg.isdigit()), 10)
    baseline = next((Path(arg.split("=", 1)[1]) for arg in sys.argv[1:] if arg.startswith("--baseline=")), None)
    wanted = [arg for arg in sys.argv[1:] if not arg.isdigit() and not arg.startswith("--")]
    cache.clear()  # no session or kept page of an earlier run
    shutil.rmtree(ENVIRONMENT["STATIC_ROOT"], ignore_errors=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    selected = [page for page in pages() if not wanted or page.label in wanted]
    servers = [serve("portal", PORTAL_PORT), serve("bare", BARE_PORT)]
    if baseline:
        servers.append(serve("portal", BASELINE_PORT, tree=baseline))
    try:
        # Each tree logs its people in itself: a session names the backend that signed it in, which another
        # commit may not have.
        people = {page.user for page in selected} - {None}
        ports = [PORTAL_PORT] + ([BASELINE_PORT] if baseline else [])
        cookies = {port: {email: log_in(email, port) for email in people} for port in ports}
        for page in selected:
            for port in [PORTAL_PORT] + ([BASELINE_PORT] if baseline else []):
                check(page, port, cookies)
        bare_before = wrk(f"http://{HOST}:{BARE_PORT}/", seconds)
        rows = []
        for page in selected:
            # The baseline and this tree one after the other, so that both meet the same load on the machine.
            before = run_page(page, BASELINE_PORT, seconds, cookies) if baseline else None
            rows.append((page, run_page(page, PORTAL_PORT, seconds, cookies), before))
        bare_after = wrk(f"http://{HOST}:{BARE_PORT}/", seconds)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    print_table(rows, bare_before, bare_after, seconds, baseline)


def check(page, port, cookies):
    status, _location, content = request("GET", page.path, port=port, cookies=_jar(cookies[port].get(page.user)))
    if status != 200 or page.expect not in content:
        raise SystemExit(f"{page.label}: {page.path} answered {status} without {page.expect!r} (port {port})")


def run_page(page, port, seconds, cookies):
    figures = wrk(f"http://{HOST}:{port}{page.path}", seconds, cookies[port].get(page.user))
    drain(port)
    return figures


def _jar(cookie):
    if not cookie:
        return {}
    name, _, value = cookie.partition("=")
    return {name: value}


def print_table(rows, bare_before, bare_after, seconds, baseline=None):
    bare = (bare_before[0] + bare_after[0]) / 2
    print(
        f"\nwrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s; gunicorn 2 sync workers; "
        f"bare Django view {bare_before[0]:.0f} req/s before the pages, {bare_after[0]:.0f} after"
        + (f"; baseline: the tree at {baseline}, run just before each page" if baseline else "")
        + "\n"
    )
    if baseline:
        print(
            "| page | req/s before → after | p50 before → after | p99 before → after | share of bare before → after |"
        )
        print("|---|---|---|---|---|")
    else:
        print("| page | path | req/s | p50 | p99 | share of bare Django |")
        print("|---|---|---|---|---|---|")
        print(
            f"| bare Django template view | / | {bare:.0f} | {bare_before[1]:.1f} ms | {bare_before[2]:.1f} ms | 1.00 |"
        )
    for page, (rate, p50, p99, bad), before in rows:
        flag = f" ({bad} non-2xx)" if bad else ""
        if before:
            print(
                f"| {page.label}{flag} | {before[0]:.1f} → {rate:.1f} | {_ms(before[1])} → {_ms(p50)} "
                f"| {_ms(before[2])} → {_ms(p99)} | {before[0] / bare:.3f} → {rate / bare:.3f} |"
            )
        else:
            print(f"| {page.label}{flag} | `{page.path}` | {rate:.1f} | {_ms(p50)} | {_ms(p99)} | {rate / bare:.3f} |")


def _ms(value):
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


if __name__ == "__main__":
    main()
