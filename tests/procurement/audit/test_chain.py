"""The audit log's hash chain: every kind of tampering is found, by the CLI and in the app."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.audit.models import AuditEvent
from procurement.audit.operations import record, verify_chain
from tests.conftest import submit
from tests.factories import make_user


@pytest.fixture
def chain(db):
    """Five events: one account creation, then four recorded changes."""
    user = make_user(Role.OFFICER, username="officer_a")
    for n in range(4):
        record("test.change", user, details={"n": n, "名称": "电梯"})
    db.session.commit()
    return user


def run_verify(runner):
    return runner.invoke(args=["audit", "verify"])


def test_an_intact_chain_verifies(chain, runner):
    result = run_verify(runner)
    assert result.exit_code == 0, result.output
    assert "audit log intact: 5 events" in result.output


def test_each_event_links_to_the_one_before(chain, db):
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [event.seq for event in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == "0" * 64
    assert all(
        later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False)
    )


def test_an_altered_event_is_named(chain, db, runner):
    db.session.execute(
        sa.update(AuditEvent).where(AuditEvent.seq == 3).values(details={"n": 99, "名称": "电梯"})
    )
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "event #3 was altered" in result.output


def test_an_altered_actor_or_time_is_found(chain, db):
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(actor_label="ghost"))
    db.session.commit()
    assert verify_chain().seq == 2


def test_a_deleted_event_in_the_middle_is_named(chain, db, runner):
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 2))
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "event #2 missing" in result.output


def test_a_deleted_last_event_is_found(chain, db, runner):
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 5))
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "events were deleted from the end" in result.output


def test_an_inserted_event_is_found_even_with_a_recomputed_hash(chain, db, runner):
    from procurement.audit.operations import event_hash

    third = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 3))
    fields = {
        "seq": 3,
        "occurred_at": third.occurred_at,
        "actor_id": None,
        "actor_label": "intruder",
        "action": "test.forged",
        "object_type": "users",
        "object_id": "1",
        "details": {},
        "prev_hash": third.prev_hash,
    }
    # Shift the later events up to make room, as an intruder with database access would.
    for seq in (5, 4, 3):
        db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == seq).values(seq=seq + 1))
    db.session.add(AuditEvent(**fields, hash=event_hash(**fields)))
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1
    # the forged event fits its predecessor, but the genuine event after it no longer does
    assert "event #4" in result.output


def test_administrators_browse_filter_and_verify_in_the_app(chain, client, db, login_as):
    login_as(make_user(Role.ADMIN, username="auditor"))
    page = client.get("/audit/?action=test.change").get_data(as_text=True)
    assert page.count("<code>test.change</code>") == 4
    assert "user.create" not in page
    by_actor = client.get("/audit/?actor=auditor").get_data(as_text=True)
    assert "user.sign_in" in by_actor and "test.change" not in by_actor
    bad_date = client.get("/audit/?since=not-a-date")
    assert bad_date.status_code == 400 and "起始日期：" in bad_date.get_data(as_text=True)
    verified = submit(client, "/audit/verify", {}, form_page="/audit/")
    assert "审计日志完整" in verified.get_data(as_text=True)
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(action="x"))
    db.session.commit()
    broken = submit(client, "/audit/verify", {}, form_page="/audit/")
    assert "审计日志已被篡改" in broken.get_data(as_text=True)


def test_the_audit_event_is_in_the_same_transaction_as_the_change(db):
    user = make_user(Role.MEMBER, username="member_x")
    user.display_name = "changed"
    record("user.rename", user)
    db.session.rollback()  # the request failed: neither the change nor its event remain
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "user.rename")) == 0
    )
    assert verify_chain().ok
