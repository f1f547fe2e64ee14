import os
import shutil
import socket

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.test import override_settings
from django.utils import translation

from applications import services as application_services
from declarations.models import Signature
from portal.settings import redis_caches
from tests import factories
from tests.factories import groups as factories_groups
from tests.factories import reviews as factories_reviews

CHROMIUM = "/usr/bin/chromium"


def _allow_flushing_the_audit_trail(sender, connection, **kwargs):
    """Transactional tests empty every table with TRUNCATE between tests; the audit trail's trigger refuses
    TRUNCATE unless the session says so (audit/migrations/0005). Only the test suite's sessions say so."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET audit.allow_truncate = 'on'")


connection_created.connect(_allow_flushing_the_audit_trail, dispatch_uid="tests.allow_flushing_the_audit_trail")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_until_a_request_says_otherwise():
    """A request in French or German leaves its language active in the thread (as in any Django process, where the
    next request activates its own): each test starts, and ends, in the default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():

    cache.clear()


def free_loopback_port():
    """A port the kernel just handed out and took back: nothing listens there, so connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down():
    """The production cache configuration (REDIS_URL set), aimed at a dead Redis."""
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{free_loopback_port()}/0")):
        yield


@pytest.fixture
def mail_server_down(settings):
    """Django's real SMTP backend aimed at a loopback port where no mail server listens.

    The port is taken from the kernel and released, so the connection is refused as it would be by a
    mail server that is down. Setting `settings.EMAIL_BACKEND` back to locmem brings it "up" again.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def semiconductors(db):
    return factories.alliance("semiconductors")


@pytest.fixture
def cloud_alliance(db):
    return factories.alliance("industrial-cloud")


@pytest.fixture
def applicant(db):
    return factories.UserFactory()


@pytest.fixture
def organisation(applicant):
    return factories.OrganisationFactory(owner=applicant)


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(organisation, applicant, semiconductors):
    """A draft application of the applicant's organisation to the semiconductors alliance, started as in the portal."""
    return application_services.start_application(organisation=organisation, alliance=semiconductors, by=applicant)


@pytest.fixture
def signature(organisation, applicant):
    """The Declaration signed for an application that is ready to submit (its PDF rendered)."""
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.ready_to_submit(application)
    return Signature.objects.get(application=application)


@pytest.fixture
def browser(live_server):
    """Headless Debian Chromium driven by Playwright; skipped, with the reason, where it is absent."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs it.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium) — browser test skipped")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - Playwright is optional: browser tests skip where it is absent

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are still
    # plain synchronous calls against the live server's database.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield instance
        finally:
            instance.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Close the connections a browser test's own body opened, in the context it opened them.

    Under Playwright's sync API the test body's database connections belong to a context of their own,
    not the one pytest-django closes; left open, they stop the test database from being dropped.
    """
    try:
        return (yield)
    finally:
        if "browser" in pyfuncitem.fixturenames:
            connections.close_all()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(accept_downloads=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(items):
    """Every transactional test restores the reference data the migrations loaded (serialized rollback).

    A flush without it drops the alliances, criteria and roles; and mixing the two kinds makes Django
    recreate content types that a later serialized test restores again. So it is one rule for all.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


def pytest_report_header(config):
    chromium = "present" if shutil.which("chromium") or os.path.exists(CHROMIUM) else "absent (browser tests skip)"
    return [f"database: {settings.DATABASES['default']['ENGINE']}", f"chromium: {chromium}"]


@pytest.fixture
def group(db):
    """The Supply Chains working group of the semiconductor alliance (reference data, like the alliances)."""
    return factories_groups.group()


@pytest.fixture
def boss(db):
    """The decision maker who assigns the reviewers in the review tests."""
    return factories_reviews.decision_maker(full_name="Dora Decider")


@pytest.fixture
def under_review(boss):
    """An application with one cleared reviewer (draft), one undeclared, one conflicted."""
    application = factories_reviews.submitted_application()
    cleared = factories_reviews.assign(
        application, factories_reviews.reviewer(full_name="Clara Cleared"), by=boss, declare=False
    )
    undeclared = factories_reviews.assign(application, factories_reviews.reviewer(full_name="Uma Undeclared"), by=boss)
    conflicted = factories_reviews.assign(
        application, factories_reviews.reviewer(full_name="Conrad Conflicted"), by=boss, declare=True
    )
    application.refresh_from_db()
    return application, cleared, undeclared, conflicted
