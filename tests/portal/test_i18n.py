"""The portal speaks the user's language: the saved preference, else the browser's, else English.

The message catalogues are complete and in step with the code. Until the French and German translations are
merged, test_every_message_of_every_catalogue_is_translated fails (by design: it lists what is missing), and
test_the_catalogues_are_in_step_with_the_code fails whenever a msgid is added or dropped without `make messages`.
"""

import datetime
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))
# What `make messages` extracts from: the project without the virtualenv, the tests and the benchmarks.
NOT_EXTRACTED = (".venv", ".git", "tests", "bench", "locale", "media", "var", "staticfiles", "node_modules")


def messages_of(catalogue):
    """The (context, msgid, plural) of every live entry: what the code asks to translate."""
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in catalogue if not entry.obsolete}


def test_every_language_has_a_catalogue():
    languages = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    assert {path.parent.parent.name for path in CATALOGUES} == languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_message_of_every_catalogue_is_translated(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries() if not entry.obsolete]

    assert not untranslated, f"{len(untranslated)} untranslated in {path}, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {path}, e.g. {fuzzy[:5]}"


def test_the_catalogues_are_in_step_with_the_code(tmp_path):
    """`make messages` run on a copy of the code adds and drops nothing: every string is in the catalogues."""
    copy = tmp_path / "portal"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_EXTRACTED, "*.pyc", "db.sqlite3"))
    (copy / "locale").mkdir()
    languages = [path.parent.parent.name for path in CATALOGUES]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, "manage.py", "makemessages", *(f"-l{code}" for code in languages), "--verbosity=0"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )

    for language, path in zip(languages, CATALOGUES, strict=True):
        extracted = messages_of(polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po")))
        committed = messages_of(polib.pofile(str(path)))
        missing, stale = sorted(extracted - committed, key=str), sorted(committed - extracted, key=str)
        assert not missing, f"{len(missing)} strings of the code are not in {path} (make messages): {missing[:5]}"
        assert not stale, f"{len(stale)} entries of {path} are no longer in the code (make messages): {stale[:5]}"


@pytest.mark.parametrize(
    ("accept_language", "expected"), [("fr-BE,fr;q=0.9", "fr"), ("de-AT", "de"), ("it", "en"), ("", "en")]
)
def test_a_visitor_reads_the_browsers_language_else_english(client, accept_language, expected):
    page = client.get("/", headers={"accept-language": accept_language})

    assert f'<html lang="{expected}">' in page.content.decode()
    assert page.headers["Content-Language"] == expected


def test_allauths_pages_speak_the_browsers_language(client):
    # allauth ships these translations itself ("Sign In" → "Connexion" / "Anmelden").
    french = client.get("/accounts/login/", headers={"accept-language": "fr"}).content.decode()
    german = client.get("/accounts/login/", headers={"accept-language": "de"}).content.decode()

    assert '<html lang="fr">' in french
    assert "Connexion" in french
    assert '<html lang="de">' in german
    assert "Anmelden" in german


def test_a_users_saved_language_wins_over_the_browsers(client):
    user = factories.UserFactory(language="de")
    client.force_login(user)

    page = client.get("/applications/", headers={"accept-language": "fr"})

    assert '<html lang="de">' in page.content.decode()


def test_a_user_without_a_saved_language_reads_the_browsers(client):
    client.force_login(factories.UserFactory(language=""))

    page = client.get("/applications/", headers={"accept-language": "fr"})

    assert '<html lang="fr">' in page.content.decode()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/members/"])
def test_the_language_switcher_is_on_every_page_also_logged_out(client, path):
    page = client.get(path).content.decode()

    assert 'action="/i18n/setlang/"' in page
    assert '<label for="language-select">' in page
    for code in ("en", "fr", "de"):
        assert f'<option value="{code}" lang="{code}"' in page


def test_the_switcher_saves_the_signed_in_users_language(client):
    user = factories.UserFactory(language="en")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/organisations/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/organisations/"
    user.refresh_from_db()
    assert user.language == "fr"
    # The saved preference now wins over the browser's (German here).
    assert '<html lang="fr">' in client.get("/applications/", headers={"accept-language": "de"}).content.decode()


def test_the_switcher_sets_a_visitors_language_for_the_next_pages(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert '<html lang="de">' in client.get("/", headers={"accept-language": "fr"}).content.decode()


def test_the_switcher_saves_no_language_the_portal_lacks(client):
    user = factories.UserFactory(language="de")
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.language == "de"


def test_the_switcher_refuses_a_get(client):
    assert client.get("/i18n/setlang/?language=fr").status_code == 405


def test_someone_who_signs_up_in_french_keeps_french(client):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Nadia Nouvelle",
            "email": "nouvelle@example.eu",
            "password1": "un-mot-de-passe-long",
            "password2": "un-mot-de-passe-long",
        },
        headers={"accept-language": "fr"},
    )

    assert User.objects.get(email="nouvelle@example.eu").language == "fr"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "27 November 2026 3.50"), ("fr", "27 novembre 2026 3,50"), ("de", "27. November 2026 3,50")],
)
def test_dates_and_numbers_are_formatted_in_the_readers_language(language, expected):
    """The portal's date formats (portal/formats), Django's month names and number separators."""
    template = Template('{{ day|date:"DATE_FORMAT" }} {{ score|floatformat:2 }}')

    with translation.override(language):
        rendered = template.render(Context({"day": datetime.date(2026, 11, 27), "score": Decimal("3.5")}))

    assert rendered == expected


@pytest.mark.parametrize("language", ["fr", "de"])
def test_error_pages_declare_the_readers_language(client, language):
    missing = client.get("/no-such-page/", headers={"accept-language": language})
    csrf_client = client.__class__(enforce_csrf_checks=True)
    refused = csrf_client.post("/accounts/login/", {"login": "a@example.eu"}, headers={"accept-language": language})

    assert missing.status_code == 404
    assert f'<html lang="{language}">' in missing.content.decode()
    assert refused.status_code == 403
    assert f'<html lang="{language}">' in refused.content.decode()
