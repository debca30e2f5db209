"""Every route of the url_map that names a tender, period or note, walked by a second office's
officer and by supervisors outside the jurisdiction: 404 (or the role's plain 403, which names
nothing), never the object's title, and nothing written."""

from __future__ import annotations

import re
from typing import Any

from procurement.accounts.models import Role
from procurement.extensions import db
from procurement.security import PUBLIC_ENDPOINTS, allowed_roles
from procurement.supervision import operations as supervision
from tests.factories import make_opened_tender, make_period, make_tender

from .conftest import JIANGBEI, audit_length, sign_in

OBJECT_ARGUMENTS = {"tender_id", "period_id", "object_id", "note_id", "import_id"}
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _urls(rule: Any, objects: dict[str, list[int]]) -> list[str]:
    """The rule's URLs for each of the owning office's objects it can name."""
    if rule.endpoint == "supervision.period":
        candidates = {"object_id": objects["period_id"]}
    elif rule.endpoint == "supervision.tender":
        candidates = {"object_id": objects["tender_id"]}
    else:
        candidates = {name: objects[name] for name in rule.arguments if name in objects}
    fixed = {"kind": "records", "fmt": "csv", "uscc": "91500000MA0000001X", "number": 1}
    fixed["bid_id"] = objects["bid_id"][0]
    urls = []
    for name, values in candidates.items():
        for value in values:
            values_of = {a: fixed.get(a, 1) for a in rule.arguments}
            values_of[name] = value
            urls.append(rule.build(values_of, append_unknown=False)[1])
    return urls


def test_no_one_reads_or_acts_across_the_line(app, people):
    draft = make_tender(status="draft", officer=people.owner, title="江北区草稿项目甲")
    published = make_tender(officer=people.owner, title="江北区已发布项目乙")
    opened = make_opened_tender(officer=people.owner, title="江北区已开标项目丙")
    period = make_period(organisation=people.offices[JIANGBEI])
    note = supervision.leave_note(opened, "请说明评标委员会组成。", people.supervisor)
    db.session.commit()
    objects = {
        "tender_id": [draft.id, published.id, opened.id],
        "period_id": [period.id],
        "note_id": [note.id],
        "import_id": [],
        "bid_id": [opened.bids[0].id],
    }
    secrets = [draft.title, published.title, opened.title, note.text]
    clients = [(account, sign_in(app, account)) for account in (people.other, people.outsider)]
    before = audit_length()  # after the sign-ins, which are audited
    walked = 0
    for account, client in clients:
        token = TOKEN.search(client.get("/dashboard").get_data(as_text=True)).group(1)
        for rule in app.url_map.iter_rules():
            if rule.endpoint in PUBLIC_ENDPOINTS or not OBJECT_ARGUMENTS & set(rule.arguments):
                continue
            allowed = allowed_roles(app, rule.endpoint) or frozenset()
            for url in _urls(rule, objects):
                for method in sorted(rule.methods & {"GET", "POST"}):
                    data = {"csrf_token": token, "text": "越界", "answer": "越界"}
                    response = client.open(url, method=method, data=data)
                    expected = {404} if account.role in allowed else {403, 404}
                    assert response.status_code in expected, (account.username, method, url)
                    body = response.get_data(as_text=True)
                    assert not any(secret in body for secret in secrets), (method, url)
                    walked += 1
    assert walked > 60
    assert audit_length() == before  # nothing was done across the line


def test_the_owning_office_and_the_supervisor_do_reach_them(app, people):
    """The walk above proves refusals; the same objects open for those who may see them."""
    opened = make_opened_tender(officer=people.owner)
    period = make_period(organisation=people.offices[JIANGBEI])
    officer = sign_in(app, people.colleague)  # any officer of the owning office
    assert officer.get(f"/tenders/{opened.id}/manage").status_code == 200
    assert officer.get(f"/manage/maintenance/periods/{period.id}").status_code == 200
    supervisor = sign_in(app, people.supervisor)
    assert supervisor.get(f"/supervision/tenders/{opened.id}").status_code == 200
    assert supervisor.get(f"/supervision/periods/{period.id}").status_code == 200
    assert supervisor.get(f"/tenders/{opened.id}/manage").status_code == 403  # reads, never manages
    assert Role.SUPERVISOR not in (allowed_roles(app, "tenders.edit") or ())
