"""The access matrix, generated from the URL resolver: every pattern, every role, the declared answer.

A URL pattern missing from tests/portal/access_matrix.py fails the test, so a new URL is covered by default.
Django's admin and allauth's pages are the only ones left out, and the test says so. Below the generated matrix:
the per-organisation checks that were tests/test_permissions.py (one organisation never sees another's records).
"""

import pytest
from django.urls import reverse

from applications import services
from declarations.models import Signature
from organisations import services as organisation_services
from tests import factories
from tests.factories import groups as factories_groups
from tests.pdfs import pdf_upload
from tests.portal import access_world
from tests.portal.access_kwargs import KWARGS
from tests.portal.access_matrix import MATRIX
from tests.portal.access_urls import (
    SKIPPED_PREFIXES,
    all_patterns,
    is_skipped,
    portal_patterns,
    request,
    url_with_unknown,
)

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------------------------ the generated matrix


def _url(world, name):
    return reverse(name, kwargs=KWARGS.get(name, lambda _world: {})(world))


def _data(world, spec):
    return spec(world) if callable(spec) else spec


@pytest.fixture
def world(semiconductors, cloud_alliance):
    return access_world.build()


def test_every_url_pattern_is_in_the_matrix():
    names = {pattern.name for pattern in portal_patterns()}

    assert sorted(names - MATRIX.keys()) == [], "URL patterns missing from tests/portal/access_matrix.py"
    assert sorted(MATRIX.keys() - names) == [], "the matrix names URL patterns that no longer exist"
    arguments = {pattern.name for pattern in portal_patterns() if pattern.converters}
    assert sorted(arguments - KWARGS.keys()) == [], "URL patterns with arguments missing from access_kwargs.py"


def test_only_the_admin_and_allauth_are_left_out_of_the_matrix():
    skipped = [pattern for pattern in all_patterns() if is_skipped(pattern)]

    assert {pattern.route.split("/", 1)[0] + "/" for pattern in skipped} == set(SKIPPED_PREFIXES)
    assert any(pattern.name.startswith("admin:") for pattern in skipped)
    assert any(pattern.name == "account_login" for pattern in skipped)
    assert all(pattern.name.startswith("admin:") or pattern.module.startswith("allauth.") for pattern in skipped)
    assert "account_name" in {pattern.name for pattern in portal_patterns()}  # the portal's own page under accounts/


def test_every_action_is_requested_by_post():
    """A URL that refuses GET to everyone signed in is an action: the matrix must say who may POST to it."""
    for name, expected in MATRIX.items():
        if all(code == 405 for role, code in expected["get"].items() if role != "anonymous"):
            assert expected["post"] is not None, name


def test_every_url_answers_each_role_as_declared(world):
    mismatches = []
    count = 0
    for pattern in portal_patterns():
        expected = MATRIX[pattern.name]
        url = _url(world, pattern.name)
        for method, answers in (("GET", expected["get"]), ("POST", expected["post"])):
            if answers is None:
                continue
            for role in access_world.ROLES:
                count += 1
                status = request(world, role, method, url, _data(world, expected["data"])).status_code
                if status != answers[role]:
                    mismatches.append(f"{method} {pattern.name} as {role}: {status}, declared {answers[role]}")

    assert mismatches == []
    assert count >= len(MATRIX) * len(access_world.ROLES)


def _first_role_let_in(expected):
    for method in ("GET", "POST"):
        answers = expected[method.lower()]
        if answers is None:
            continue
        for role in ("superuser", *access_world.ROLES):
            if role != "anonymous" and answers[role] in (200, 302):
                return method, role
    # Nobody is let in now (e.g. no clarification can be asked while one is open): ask as the operator.
    return ("POST" if expected["post"] is not None else "GET"), "superuser"


def test_unknown_or_malformed_ids_answer_404_never_500(world):
    """For every argument of every pattern: an id that names nothing, a non-numeric and a negative one answer 404
    to a role that the real id lets in (so the lookup, not the permission, is what answers)."""
    wrong = []
    for pattern in portal_patterns():
        if not pattern.converters:
            continue
        kwargs = KWARGS[pattern.name](world)
        method, role = _first_role_let_in(MATRIX[pattern.name])
        data = _data(world, MATRIX[pattern.name]["data"])
        for argument, converter in pattern.converters.items():
            for url in url_with_unknown(pattern.name, kwargs, argument, converter):
                status = request(world, role, method, url, data).status_code
                if status != 404:
                    wrong.append(f"{method} {url} as {role}: {status}")

    assert wrong == []


# --------------------------------------------------------- one organisation never sees another's records

STEPS = ["organisation", "activities", "criteria", "working-groups", "documents", "declaration", "submit"]


@pytest.fixture
def other_organisation_records(semiconductors, cloud_alliance):
    """Organisation B: a draft (steps, documents), a submitted application with a document and a signed scan,
    and a pending invitation."""
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    draft = services.start_application(organisation=organisation, alliance=cloud_alliance, by=owner)
    draft_document = services.add_document(application=draft, by=owner, title="Draft doc", uploaded_file=pdf_upload())
    submitted = factories.ApplicationFactory(organisation=organisation, created_by=owner)
    submitted_document = services.add_document(
        application=submitted, by=owner, title="Submitted doc", uploaded_file=pdf_upload()
    )
    factories.ready_to_submit(submitted, by=owner)
    submitted = services.submit(application=submitted, by=owner)
    signature = Signature.objects.get(application=submitted)
    signature.scan.save("scan.pdf", pdf_upload(), save=True)
    invitation = organisation_services.invite_editor(organisation=organisation, email="new@example.eu", by=owner)
    return {
        "organisation": organisation,
        "draft": draft,
        "draft_document": draft_document,
        "submitted": submitted,
        "submitted_document": submitted_document,
        "signature": signature,
        "invitation": invitation,
    }


class Slug(str):
    """A URL argument passed as it is (a step's slug), not the name of a record whose pk is passed."""


# (method, URL name, the records its arguments are taken from, what the owner gets on GET).
ROUTES = [
    ("GET", "organisations:detail", ["organisation"], 200),
    ("GET", "organisations:edit", ["organisation"], 200),
    ("GET", "organisations:invite", ["organisation"], 200),
    ("GET", "applications:detail", ["draft"], 200),
    ("GET", "applications:detail", ["submitted"], 200),
    *[("GET", "applications:step", ["draft", Slug(step)], 200) for step in STEPS],
    # A submitted application's steps send its people to the application's page: it is frozen.
    ("GET", "applications:step", ["submitted", Slug("organisation")], 302),
    ("GET", "applications:withdraw", ["draft"], 200),
    ("GET", "applications:withdraw", ["submitted"], 200),
    ("GET", "applications:document", ["draft", "draft_document"], 200),
    ("GET", "applications:document", ["submitted", "submitted_document"], 200),
    ("GET", "declarations:pdf", ["signature"], 200),
    ("GET", "declarations:scan", ["signature"], 200),
    ("GET", "declarations:verify", ["signature"], 200),
    ("POST", "organisations:edit", ["organisation"], None),
    ("POST", "organisations:invite", ["organisation"], None),
    ("POST", "organisations:revoke_invitation", ["organisation", "invitation"], None),
    *[("POST", "applications:step", ["draft", Slug(step)], None) for step in STEPS],
    ("POST", "applications:submit", ["draft"], None),
    ("POST", "applications:withdraw", ["submitted"], None),
    ("POST", "applications:remove_document", ["draft", "draft_document"], None),
]
GETS = [route for route in ROUTES if route[0] == "GET"]


def route_id(route):
    method, name, arguments, _status = route
    return f"{method} {name} {'/'.join(arguments)}"


def url_of(records, name, arguments):
    return reverse(name, args=[key if isinstance(key, Slug) else records[key].pk for key in arguments])


@pytest.mark.parametrize(("method", "name", "arguments", "owner_status"), ROUTES, ids=[route_id(r) for r in ROUTES])
def test_other_organisations_url_answers_404(
    applicant_client, organisation, other_organisation_records, method, name, arguments, owner_status
):
    url = url_of(other_organisation_records, name, arguments)

    if method == "GET":
        response = applicant_client.get(url)
    else:
        response = applicant_client.post(url, {"reason": "x", "email": "a@b.eu", "save": "1"})

    assert response.status_code == 404
    other = other_organisation_records
    assert other["draft"].documents.count() == 1
    other["submitted"].refresh_from_db()
    assert other["submitted"].state == "submitted"
    other["invitation"].refresh_from_db()
    assert other["invitation"].revoked_at is None


@pytest.mark.parametrize(("method", "name", "arguments", "owner_status"), GETS, ids=[route_id(r) for r in GETS])
def test_the_owner_reaches_the_url(client, other_organisation_records, method, name, arguments, owner_status):
    owner = other_organisation_records["organisation"].users.get()
    client.force_login(owner)

    response = client.get(url_of(other_organisation_records, name, arguments))

    if response.streaming:
        b"".join(response.streaming_content)  # reading a streamed download to its end closes the file
    assert response.status_code == owner_status


@pytest.mark.parametrize(("method", "name", "arguments", "owner_status"), GETS, ids=[route_id(r) for r in GETS])
def test_anonymous_visitor_is_sent_to_log_in(client, other_organisation_records, method, name, arguments, owner_status):
    response = client.get(url_of(other_organisation_records, name, arguments))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_secretariat_does_not_see_applications(client, other_organisation_records):
    secretariat = factories_groups.secretariat()  # with TOTP: the secretariat sees other organisations' data
    client.force_login(secretariat)

    assert client.get(f"/applications/{other_organisation_records['submitted'].pk}/").status_code == 404
    assert client.get(f"/declarations/{other_organisation_records['signature'].pk}/pdf/").status_code == 404


def test_dashboard_lists_only_the_users_own_applications(applicant_client, organisation, other_organisation_records):
    html = applicant_client.get("/applications/").content.decode()

    assert other_organisation_records["submitted"].reference not in html
    assert other_organisation_records["organisation"].legal_name not in html
