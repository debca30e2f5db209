"""The key holder's passphrase page and the choice of holders on the publish form."""

from __future__ import annotations

import re

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.keyholders.models import HolderKey
from procurement.keyholders.queries import tender_key_of
from procurement.tenders.models import TenderStatus
from tests.conftest import submit
from tests.factories import make_holder, make_insurer, make_tender, make_user


def test_a_holder_sets_then_changes_the_passphrase(client, db, login_as):
    officer = login_as(make_user(Role.OFFICER))
    url = "/keyholder/"
    assert "设置一次" in client.get(url).get_data(as_text=True)
    short = submit(client, url, {"passphrase": "short", "repeated": "short"})
    assert short.status_code == 400 and "口令至少须有 12 个字符" in short.get_data(as_text=True)
    done = submit(
        client, url, {"passphrase": "our-long-passphrase", "repeated": "our-long-passphrase"}
    )
    assert done.status_code == 302
    key = db.session.scalar(sa.select(HolderKey).where(HolderKey.user_id == officer.id))
    assert key is not None and b"our-long-passphrase" not in key.sealed_private
    wrong = submit(
        client,
        url,
        {
            "old": "not-the-passphrase",
            "passphrase": "a-newer-passphrase",
            "repeated": "a-newer-passphrase",
        },
    )
    assert wrong.status_code == 400 and "口令不正确" in wrong.get_data(as_text=True)
    changed = submit(
        client,
        url,
        {
            "old": "our-long-passphrase",
            "passphrase": "a-newer-passphrase",
            "repeated": "a-newer-passphrase",
        },
    )
    assert changed.status_code == 302


def test_only_officers_and_supervisors_hold_keys(client, db, login_as):
    for user in (make_user(Role.MEMBER), make_insurer()):
        client.delete_cookie("session")
        login_as(user)
        assert client.get("/keyholder/").status_code == 403


def test_the_publish_form_names_the_holders_and_the_threshold(client, db, login_as):
    officer = login_as(make_holder(make_user(Role.OFFICER, display_name="王采购")))
    second = make_holder(make_user(Role.OFFICER, display_name="赵采购"))
    supervisor = make_holder(make_user(Role.ADMIN, display_name="钱监督"))
    make_user(Role.OFFICER, display_name="孙未设口令")  # no key: not offered
    tender = make_tender(officer=officer, status="draft")
    page = client.get(f"/tenders/{tender.id}/manage").get_data(as_text=True)
    assert "王采购" in page and "钱监督" in page and "孙未设口令" not in page
    response = submit(
        client,
        f"/tenders/{tender.id}/publish",
        {"holders": [officer.id, second.id, supervisor.id], "threshold": "3"},
        form_page=f"/tenders/{tender.id}/manage",
    )
    assert response.status_code == 302
    db.session.refresh(tender)
    tender_key = tender_key_of(tender)
    assert tender.status is TenderStatus.PUBLISHED and tender_key.threshold == 3
    assert [u.id for u in tender_key.holders] == [officer.id, second.id, supervisor.id]


def test_publishing_without_enough_holders_is_refused(client, db, login_as):
    officer = login_as(make_holder(make_user(Role.OFFICER)))
    tender = make_tender(officer=officer, status="draft")
    response = submit(
        client,
        f"/tenders/{tender.id}/publish",
        {"holders": [officer.id], "threshold": "2"},
        form_page=f"/tenders/{tender.id}/manage",
        follow_redirects=True,
    )
    assert "请至少选择 2 名密钥持有人" in response.get_data(as_text=True)
    db.session.refresh(tender)
    assert tender.status is TenderStatus.DRAFT and tender_key_of(tender) is None


def test_a_lost_share_is_replaced_on_the_reshare_page(client, db, login_as):
    from tests.factories import HOLDER_PASSPHRASE

    tender = make_tender()
    officer, second, supervisor = tender_key_of(tender).holders
    login_as(officer)
    url = f"/keyholder/tenders/{tender.id}/reshare"
    page = client.get(url).get_data(as_text=True)
    assert f'name="passphrase_{second.id}"' in page
    for holder in (officer, second, supervisor):  # the current holders are proposed
        assert re.search(rf'<input checked[^>]*name="holders"[^>]*value="{holder.id}"', page)
    replacement = make_holder(make_user(Role.OFFICER, display_name="接替人"))
    chosen = {"holders": [officer.id, replacement.id, supervisor.id], "threshold": "2"}
    one = submit(client, url, {**chosen, f"passphrase_{officer.id}": HOLDER_PASSPHRASE})
    assert one.status_code == 400 and "须有 2 名密钥持有人输入口令" in one.get_data(as_text=True)
    done = submit(
        client,
        url,
        {
            **chosen,
            f"passphrase_{officer.id}": HOLDER_PASSPHRASE,
            f"passphrase_{supervisor.id}": HOLDER_PASSPHRASE,
        },
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert [u.id for u in tender_key_of(tender).holders] == [
        officer.id,
        replacement.id,
        supervisor.id,
    ]
    client.delete_cookie("session")
    login_as(make_user(Role.OFFICER))
    assert client.get(url).status_code == 200  # any officer manages tenders (Tender.can_manage)
