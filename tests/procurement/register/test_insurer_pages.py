"""An insurer's register pages: upload policies and claims (errors by row, preview, confirm or
discard, all or nothing), list its own, and nothing of another insurer's."""

from __future__ import annotations

import io

import sqlalchemy as sa

from procurement.register import operations
from procurement.register.models import Claim, Policy, RegisterUpload
from tests.conftest import PASSWORD, csrf_token, submit
from tests.procurement.register import helpers as h

PAGE = "/pilot/insurer/"


def _upload(client, kind, data, filename="f.csv"):
    token = csrf_token(client, PAGE)
    return client.post(
        f"/pilot/insurer/upload/{kind}",
        data={f"{kind}-csrf_token": token, f"{kind}-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _setup(db):
    h.load()
    a, b = h.insurers()
    operations.apply_file("elevators", "e.csv", h.file("elevators", h.elevator_rows()))
    db.session.commit()
    return a, b


def _account(db, uscc):
    from procurement.accounts.models import Insurer

    insurer = db.session.scalar(sa.select(Insurer).where(Insurer.uscc == uscc))
    return insurer.users[0]


def test_insurer_uploads_policies_and_claims_with_preview_and_confirm(client, db, login_as):
    a, b = _setup(db)
    login_as(_account(db, a))
    own = [r for r in h.policy_rows(a, b) if r[1] == a]
    response = _upload(client, "policies", h.file("policies", own))
    assert response.status_code == 302
    preview = client.get(response.location).get_data(as_text=True)
    assert "P1" in preview and "自筹" in preview and "2024-12-31" in preview
    assert _count(db, Policy) == 0  # nothing written before the confirmation
    assert submit(client, response.location, {"action": "confirm"}).status_code == 302
    assert _count(db, Policy) == 2

    claims = [r for r in h.claim_rows() if r[1] == "P1"]
    response = _upload(client, "claims", h.file("claims", claims, "xlsx"), "c.xlsx")
    assert response.status_code == 302
    assert "2024-03-01 09:00" in client.get(response.location).get_data(as_text=True)  # Beijing
    submit(client, response.location, {"action": "confirm"})
    assert _count(db, Claim) == 3
    page = client.get(PAGE).get_data(as_text=True)
    assert "C1" in page and "12245" in page and "维保甲" in page
    # confirming twice is refused and changes nothing
    again = submit(client, response.location, {"action": "confirm"}, form_page=PAGE,
                   follow_redirects=True)  # fmt: skip
    assert "本次上传已导入或已放弃" in again.get_data(as_text=True)


def test_another_insurers_rows_are_refused_by_row_and_nothing_is_written(client, db, login_as):
    a, b = _setup(db)
    operations.apply_file("policies", "p.csv", h.file("policies", h.policy_rows(a, b)))
    db.session.commit()
    login_as(_account(db, a))
    theirs = [["P9", b, "E3", "险", "备", "100", "自筹", "2026-01-01", "2026-12-31", "已承保"]]
    response = _upload(client, "policies", h.file("policies", theirs))
    text = client.get(response.location).get_data(as_text=True)  # the check's result
    assert "不是本机构的保单" in text and "<td>2</td>" in text
    claim_on_theirs = [
        ["C9", "P2", "E3", "2024-04-01 08:00", "2024-04-01 09:00", "", "", "", "", ""]
    ]
    response = _upload(client, "claims", h.file("claims", claim_on_theirs))
    assert "未知的保单号" in client.get(response.location).get_data(as_text=True)
    kept = db.session.execute(sa.select(RegisterUpload.status, RegisterUpload.data)).all()
    assert kept == [("refused", None), ("refused", None)]
    assert _count(db, Policy) == 4 and _count(db, Claim) == 0
    page = client.get(PAGE).get_data(as_text=True)
    # only its own (matched as table cells: a bare "P3" can occur in the page's CSRF token)
    assert "<td>P1</td>" in page and "<td>P2</td>" not in page and "<td>P3</td>" not in page


def test_a_bad_file_and_a_discarded_upload_write_nothing(client, db, login_as):
    a, _b = _setup(db)
    login_as(_account(db, a))
    response = _upload(client, "policies", b"not,a,template\n1,2,3\n")
    assert 'role="alert"' in client.get(response.location).get_data(as_text=True)
    own = [r for r in h.policy_rows(a, "x") if r[1] == a]
    response = _upload(client, "policies", h.file("policies", own))
    assert submit(client, response.location, {"action": "discard"}).status_code == 302
    assert _count(db, Policy) == 0
    statuses = db.session.scalars(sa.select(RegisterUpload.status).order_by(RegisterUpload.id))
    assert list(statuses) == ["refused", "discarded"]


def test_an_upload_is_404_to_another_insurer(app, client, db, login_as):
    a, b = _setup(db)
    login_as(_account(db, a))
    own = [r for r in h.policy_rows(a, b) if r[1] == a]
    location = _upload(client, "policies", h.file("policies", own)).location
    other = app.test_client()
    user = _account(db, b)
    assert (
        submit(other, "/login", {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    assert other.get(location).status_code == 404
    assert (
        submit(other, location, {"action": "confirm"}, form_page="/pilot/insurer/").status_code
        == 404
    )
    assert _count(db, Policy) == 0
    assert _upload(client, "surveys", h.file("surveys", [])).status_code == 404


def test_other_roles_do_not_reach_the_insurer_pages(client, db, login_as):
    from procurement.accounts.models import Role
    from tests.factories import make_user

    login_as(make_user(Role.OFFICER))
    assert client.get(PAGE).status_code in {403, 404}
