import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from audit.actions import LABELS, UNKNOWN, label_for
from audit.services import record
from tests import factories

pytestmark = pytest.mark.django_db

RECORDED_ACTION = re.compile(r"""action=(?:"|')([a-z_]+\.[a-z_.]+)(?:"|')""")


def _recorded_codes():
    codes = set()
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if {".venv", "tests", "migrations"} & set(path.parts):
            continue
        codes |= set(RECORDED_ACTION.findall(path.read_text()))
    return codes


def test_every_recorded_action_has_a_label():
    missing = _recorded_codes() - set(LABELS)
    assert not missing, f"Register a label in audit/actions.py for: {sorted(missing)}"


def test_label_for_known_code_is_words_not_the_code():
    assert label_for("membership.admitted") == "Admitted as a member"


def test_label_for_unknown_code_never_shows_the_code(caplog):
    assert label_for("something.unheard_of") == str(UNKNOWN)
    assert "something.unheard_of" in caplog.text


def test_entry_action_label_follows_the_active_language(organisation):
    entry = record(actor=factories.UserFactory(), action="organisation.updated", target=organisation)
    assert entry.action_label == "Organisation profile updated"
    with translation.override("en"):
        assert entry.action_label == str(LABELS["organisation.updated"])
