"""Account administration: approving insurers, staff accounts, deactivation."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import InsurerStatus, Role, User
from procurement.audit.models import AuditEvent
from tests.conftest import submit
from tests.factories import make_insurer, make_user


def test_approving_an_insurer_lets_it_bid(client, db, login_as):
    applicant = make_insurer(status=InsurerStatus.PENDING)
    admin = login_as(make_user(Role.ADMIN))
    listing = client.get("/accounts/insurers").get_data(as_text=True)
    assert applicant.insurer.name in listing and "待审核" in listing
    url = f"/accounts/insurers/{applicant.insurer.id}"
    response = submit(client, url, {"decision": "approve", "note": "材料齐全"})
    assert response.status_code == 302
    db.session.refresh(applicant)
    assert applicant.insurer.status is InsurerStatus.APPROVED and applicant.can_bid
    assert applicant.insurer.reviewed_by_id == admin.id
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "insurer.approve"))
    assert event.details == {"before": "pending", "after": "approved", "reason": "材料齐全"}
    again = submit(client, url, {"decision": "reject", "reason": "重复"}, form_page=url)
    assert again.status_code == 409  # a decision cannot be reviewed twice
    assert "该注册申请已审核" in again.get_data(as_text=True)


def test_rejecting_needs_a_reason_which_the_applicant_sees(client, db, login_as):
    applicant = make_insurer(status=InsurerStatus.PENDING)
    login_as(make_user(Role.ADMIN))
    url = f"/accounts/insurers/{applicant.insurer.id}"
    empty = submit(client, url, {"decision": "reject", "reason": ""})
    assert empty.status_code == 400 and "驳回理由：" in empty.get_data(as_text=True)
    db.session.refresh(applicant)
    assert applicant.insurer.status is InsurerStatus.PENDING
    done = submit(client, url, {"decision": "reject", "reason": "许可证已过期"})
    assert done.status_code == 302
    client.delete_cookie("session")
    submit(client, "/login", {"username": applicant.username, "password": "Correct-horse-42"})
    profile = client.get("/accounts/me").get_data(as_text=True)
    assert "已驳回" in profile and "许可证已过期" in profile


def test_admin_creates_staff_accounts_with_validation(client, db, login_as):
    login_as(make_user(Role.ADMIN, username="root_admin"))
    data = {
        "role": "member",
        "username": "expert_zhang",
        "display_name": "张专家",
        "email": "zhang@example.com",
        "password": "Review-2026-ok",
    }
    assert submit(client, "/accounts/new", data).status_code == 302
    user = db.session.scalar(sa.select(User).where(User.username == "expert_zhang"))
    assert user.role is Role.MEMBER
    duplicate = submit(client, "/accounts/new", data)
    assert duplicate.status_code == 400 and "该用户名已被占用" in duplicate.get_data(as_text=True)
    bad_role = submit(client, "/accounts/new", {**data, "username": "x_y_z", "role": "insurer"})
    assert bad_role.status_code == 400  # insurers register themselves
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_deactivation_and_reactivation_keep_the_account(client, db, login_as):
    member = make_user(Role.MEMBER, username="member_liu")
    admin = login_as(make_user(Role.ADMIN))
    page = client.get("/accounts/").get_data(as_text=True)
    assert "确定停用 member_liu 吗" in page  # the browser asks before deactivating
    url = f"/accounts/{member.id}/active"
    assert submit(client, url, {"active": "0"}, form_page="/accounts/").status_code == 302
    db.session.refresh(member)
    assert member.active is False
    assert db.session.get(User, member.id) is not None  # never deleted
    assert submit(client, url, {"active": "1"}, form_page="/accounts/").status_code == 302
    db.session.refresh(member)
    assert member.active is True
    own = submit(client, f"/accounts/{admin.id}/active", {"active": "0"}, form_page="/accounts/")
    assert own.status_code == 302
    db.session.refresh(admin)
    assert admin.active is True
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_id == str(member.id))
    ).all()
    assert actions == ["user.create", "user.deactivate", "user.activate"]


def test_account_list_search_and_pagination(client, db, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    login_as(make_user(Role.ADMIN, username="the_admin"))
    for n in range(5):
        make_user(Role.MEMBER, username=f"expert{n}")
    first = client.get("/accounts/?role=member").get_data(as_text=True)
    assert "第 1 页，共 2 页" in first and "<td>the_admin</td>" not in first
    found = client.get("/accounts/?q=expert3").get_data(as_text=True)
    assert "expert3" in found and "expert2" not in found
    none = client.get("/accounts/?q=nobody-here").get_data(as_text=True)
    assert "没有符合条件的账号" in none
