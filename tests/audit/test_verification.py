"""`manage.py verify_audit` checks the whole chain and, with --against, the head anchored outside the database."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit import chain
from audit.models import AuditEntry
from audit.services import record, write_anchor
from audit.verification import chain_rows
from tests import factories
from tests.helpers import as_table_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(applicant):
    organisation = factories.OrganisationFactory(owner=applicant)
    entries = [
        record(actor=applicant, action=f"organisation.step{number}", target=organisation, data={"n": number})
        for number in range(4)
    ]
    return entries


def run_verify(*args):

    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def raw(sql, params=()):
    """What someone with database access does: plain SQL, past the model's refusal and the trigger."""
    as_table_owner(sql, params)


def test_verify_audit_reports_an_intact_chain(trail):
    assert "Audit chain intact" in run_verify()


def test_verify_audit_fails_on_a_row_inserted_with_raw_sql(trail):
    """The forged `ballot.vote_changed` row of the security review: inserted behind the application's back."""
    victim = trail[1]
    raw(
        "INSERT INTO audit_auditentry (created_at, actor_id, action, target_type_id, target_id, target_repr, "
        "from_state, to_state, reason, data, previous_hash, entry_hash) "
        "SELECT created_at, actor_id, 'ballot.vote_changed', target_type_id, target_id, target_repr, "
        "from_state, to_state, reason, data, previous_hash, entry_hash FROM audit_auditentry WHERE id = %s",
        [victim.pk],
    )
    forged = AuditEntry.objects.order_by("-id").first()

    with pytest.raises(CommandError, match=f"broken at entry #{forged.pk}"):
        run_verify()


def test_verify_audit_fails_on_a_row_appended_at_the_head_without_the_key(trail):
    """Someone with database access appends an entry after the head, linked to it, with the hash they can
    compute (SHA-256 of its fields): no later entry or anchor vouches for the head, but the key does."""
    head = list(chain_rows())[-1]
    fields = {**head, "action": "ballot.vote_changed", "previous_hash": head["entry_hash"]}
    unkeyed = hashlib.sha256(chain.canonical(fields)).hexdigest()
    raw(
        "INSERT INTO audit_auditentry (created_at, actor_id, action, target_type_id, target_id, target_repr, "
        "from_state, to_state, reason, data, previous_hash, entry_hash) "
        "SELECT created_at, actor_id, 'ballot.vote_changed', target_type_id, target_id, target_repr, "
        "from_state, to_state, reason, data, %s, %s FROM audit_auditentry WHERE id = %s",
        [head["entry_hash"], unkeyed, trail[-1].pk],
    )
    forged = AuditEntry.objects.order_by("-id").first()

    with pytest.raises(CommandError, match=f"broken at entry #{forged.pk}"):
        run_verify()


def test_entry_hash_depends_on_the_key(trail, settings):
    fields = list(chain_rows())[-1]
    assert chain.entry_digest(fields) == fields["entry_hash"]
    settings.AUDIT_ANCHOR_KEY = "another-key-kept-elsewhere-0123456789"
    assert chain.entry_digest(fields) != fields["entry_hash"]


def test_verify_audit_fails_on_a_forged_row_with_a_correct_hash_spliced_after_an_old_entry(trail):
    fields = {**list(chain_rows())[-1], "action": "ballot.vote_changed", "previous_hash": trail[1].entry_hash}
    forged_hash = chain.entry_digest(fields)
    raw(
        "INSERT INTO audit_auditentry (created_at, actor_id, action, target_type_id, target_id, target_repr, "
        "from_state, to_state, reason, data, previous_hash, entry_hash) "
        "SELECT created_at, actor_id, 'ballot.vote_changed', target_type_id, target_id, target_repr, "
        "from_state, to_state, reason, data, %s, %s FROM audit_auditentry WHERE id = %s",
        [trail[1].entry_hash, forged_hash, trail[-1].pk],
    )

    with pytest.raises(CommandError, match="does not link to the entry before it"):
        run_verify()


def test_verify_audit_fails_on_a_changed_row_and_names_it(trail):
    raw("UPDATE audit_auditentry SET reason = 'rewritten' WHERE id = %s", [trail[2].pk])

    with pytest.raises(CommandError, match=f"broken at entry #{trail[2].pk}: its content does not match"):
        run_verify()


def test_verify_audit_fails_on_a_deleted_row(trail):
    raw("DELETE FROM audit_auditentry WHERE id = %s", [trail[1].pk])

    with pytest.raises(CommandError, match=f"broken at entry #{trail[2].pk}: does not link"):
        run_verify()


def rewrite_whole_chain(reason):
    """The attacker with database access: change an entry, then recompute every hash from the start."""
    previous = chain.GENESIS
    for fields in list(chain_rows()):
        if fields["action"] == "organisation.step1":
            fields["reason"] = reason
        fields["previous_hash"] = previous
        previous = chain.entry_digest(fields)
        raw(
            "UPDATE audit_auditentry SET reason = %s, previous_hash = %s, entry_hash = %s WHERE id = %s",
            [fields["reason"], fields["previous_hash"], previous, fields["id"]],
        )


def test_verify_audit_against_an_anchor_detects_a_complete_rewrite(trail, settings, tmp_path):
    anchor = write_anchor()
    digest = settings.MEDIA_ROOT / anchor.file_name
    assert f"entry #{anchor.entry_id}" in run_verify("--against", str(digest))

    rewrite_whole_chain("rewritten")

    assert "Audit chain intact" in run_verify()  # the chain alone cannot tell
    with pytest.raises(CommandError, match=f"entry #{anchor.entry_id} has hash .* the trail was rewritten"):
        run_verify("--against", str(digest))


def test_verify_audit_refuses_a_digest_with_a_forged_signature(trail, settings, tmp_path):
    anchor = write_anchor()
    rewrite_whole_chain("rewritten")
    fields = json.loads((settings.MEDIA_ROOT / anchor.file_name).read_text())
    fields["entry_hash"] = AuditEntry.objects.get(pk=anchor.entry_id).entry_hash  # the forger's new head
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(fields))

    with pytest.raises(CommandError, match="signature is invalid"):
        run_verify("--against", str(forged))


def test_verify_audit_refuses_a_file_that_is_no_digest(trail, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{}")
    with pytest.raises(CommandError, match="is not an audit anchor"):
        run_verify("--against", str(bogus))
