"""Issue 13 item 5: signed checkpoints anchor the audit chain outside the database.

Whoever can write the database can recompute every hash and the head row; the tests play that
intruder and check that `audit verify` still finds the rewrite, against the checkpoints in the database
or against a copy saved from the public page after the intruder deleted them.
"""

from __future__ import annotations

import base64
import json

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.checkpoints import key_id, public_key_bytes
from procurement.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEvent, AuditHead
from procurement.audit.operations import _hashed_fields, event_hash, record, verify_chain
from tests.factories import make_tender, make_user


@pytest.fixture
def chain(db):
    """Five events, then a checkpoint made by the daily command."""
    user = make_user(Role.OFFICER, username="officer_a")
    for n in range(4):
        record("test.change", user, details={"n": n})
    db.session.commit()
    return user


def checkpoint(runner):
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return result


def saved_copy(client, tmp_path):
    """What a careful citizen keeps: the public page's JSON, saved to a file."""
    response = client.get("/audit/checkpoints?format=json")
    assert response.status_code == 200
    path = tmp_path / "checkpoints.json"
    path.write_text(response.get_data(as_text=True), encoding="utf-8")
    return path


def rewrite(db, seq, **changes):
    """Change event `seq` and recompute the hashes after it and the head, as an intruder would."""
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    previous = events[seq - 2].hash if seq > 1 else GENESIS_HASH
    for event in events[seq - 1 :]:
        if event.seq == seq:
            for name, value in changes.items():
                setattr(event, name, value)
        event.prev_hash = previous
        event.hash = event_hash(**_hashed_fields(event))
        previous = event.hash
    db.session.get(AuditHead, 1).last_hash = previous
    db.session.commit()


def verify(runner, *files):
    args = ["audit", "verify"] + [f"--checkpoints={name}" for name in files]
    return runner.invoke(args=args)


def test_the_daily_checkpoint_signs_the_head(chain, db, runner):
    assert "checkpoint: event #5" in checkpoint(runner).output
    row = db.session.scalar(sa.select(AuditCheckpoint))
    head = db.session.get(AuditHead, 1)
    assert (row.seq, row.head_hash, row.reason) == (5, head.last_hash, "daily")
    assert row.key_id == key_id(public_key_bytes())
    result = verify(runner)
    assert result.exit_code == 0 and "5 events, 1 signed checkpoints" in result.output


def test_a_rewrite_before_a_checkpoint_is_found(chain, db, runner):
    checkpoint(runner)
    rewrite(db, 3, details={"n": 99})
    result = verify(runner)
    assert result.exit_code == 1
    assert "event #5 differs from the checkpoint" in result.output
    assert "from #1 to #5 was rewritten" in result.output


def test_a_saved_copy_finds_a_rewrite_after_the_checkpoints_were_deleted(
    chain, client, db, runner, tmp_path
):
    checkpoint(runner)
    record("test.change", chain, details={"n": 4})
    db.session.commit()
    checkpoint(runner)  # a second one, at event #6
    copy = saved_copy(client, tmp_path)
    rewrite(db, 6, details={"n": 44})
    db.session.execute(sa.delete(AuditCheckpoint))
    db.session.commit()
    assert verify(runner).exit_code == 0  # nothing left in the database to contradict it
    result = verify(runner, copy)
    assert result.exit_code == 1
    # The first checkpoint still holds, so the rewrite lies after it.
    assert "event #6 differs from the checkpoint" in result.output
    assert "from #6 to #6" in result.output


def test_a_cut_tail_is_found_even_with_the_head_rewritten(chain, db, runner):
    checkpoint(runner)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq > 3))
    third = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 3))
    head = db.session.get(AuditHead, 1)
    head.seq, head.last_hash = 3, third.hash
    db.session.commit()
    result = verify(runner)
    assert result.exit_code == 1
    assert "the chain ends at event #3" in result.output
    assert "covers #5: events were cut from the end" in result.output


def test_a_forged_checkpoint_is_refused(chain, db, runner):
    checkpoint(runner)
    db.session.execute(sa.update(AuditCheckpoint).values(head_hash="f" * 64))
    db.session.commit()
    result = verify(runner)
    assert result.exit_code == 1
    assert "has no valid signature" in result.output


# Only SQLite can hold such a row: PostgreSQL's column types refuse an unreadable time or JSON value,
# so this case runs on SQLite alone instead of being skipped on PostgreSQL.
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_malformed_row_is_named_not_a_crash(chain, db, runner):
    db.session.execute(sa.text("UPDATE audit_events SET details = '{not json' WHERE seq = 3"))
    db.session.execute(sa.text("UPDATE audit_events SET occurred_at = 'yesterday' WHERE seq = 4"))
    db.session.commit()
    result = verify(runner)
    assert result.exit_code == 1
    assert "event #3 is malformed" in result.output


def test_a_malformed_event_value_is_named(chain, db):
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 2))
    db.session.expunge(event)
    event.occurred_at = None  # as a row read back with a missing time
    from procurement.audit.operations import _Walk

    walk = _Walk({})
    first = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 1))
    assert walk.step(1, first) is None
    assert walk.step(2, event).startswith("event #2 is malformed")


def test_each_tender_stage_change_makes_a_checkpoint(db):
    tender = make_tender()  # created, then published
    rows = db.session.scalars(sa.select(AuditCheckpoint)).all()
    assert [row.reason for row in rows] == ["tender.published"]
    publish = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tender.publish"))
    assert rows[0].seq == publish.seq  # the checkpoint covers the stage change's own event
    from procurement.tenders.operations import cancel_tender

    cancel_tender(tender, "预算调整")
    db.session.rollback()  # not committed: no checkpoint either
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditCheckpoint)) == 1
    assert verify_chain().checkpoints == 1


def test_the_checkpoints_are_public(chain, client, runner):
    checkpoint(runner)
    page = client.get("/audit/checkpoints")
    assert page.status_code == 200
    public = base64.b64encode(public_key_bytes()).decode()
    assert public in page.get_data(as_text=True)
    listing = json.loads(client.get("/audit/checkpoints?format=json").get_data(as_text=True))
    assert listing["public_key"] == public
    assert [entry["seq"] for entry in listing["checkpoints"]] == [5]


def test_the_signing_key_can_come_from_the_environment(app, monkeypatch):
    seed = base64.b64encode(bytes(range(32))).decode()
    monkeypatch.setitem(app.config, "AUDIT_SIGNING_KEY", seed)
    with app.app_context():
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        expected = Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key()
        assert public_key_bytes() == expected.public_bytes_raw()


def test_the_key_file_is_made_once_and_private(app, tmp_path, monkeypatch):
    import stat

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setitem(app.config, "AUDIT_SIGNING_KEY", "")
    with app.app_context():
        first = public_key_bytes()
        assert public_key_bytes() == first
    key_file = tmp_path / "audit-signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
