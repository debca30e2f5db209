"""The template editor: the table form with its rule notation, and the JSON form for experts."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.maintenance.template import built_in as tpl_built_in
from tests.conftest import submit
from tests.factories import make_period
from tests.procurement.maintenance.test_views import officer


class FormFields(HTMLParser):
    """The fields of a page's forms with the values the page gives them, as a browser posts them."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.first_option = {}, None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and not name.startswith("json-"):
            if attributes.get("type") != "checkbox":
                self.data[name] = attributes.get("value") or ""
            elif "checked" in attributes:
                self.data[name] = "y"
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attributes.get("value", "")
                self.data[self.select] = self.first_option
            if "selected" in attributes:
                self.data[self.select] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def editor_data(client, url):
    parser = FormFields()
    parser.feed(client.get(url).get_data(as_text=True))
    return {k: v for k, v in parser.data.items() if k != "q"}


def test_the_template_editor_names_problems_and_saves_valid_changes(client, db, login_as):
    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    data = editor_data(client, url)
    assert data["indicators-0-id"] == "annual_report" and data["indicators-0-parameters"] == "1:3"
    assert data["indicators-8-rule_type"] == "mcda" and data["indicators-8-parameters"] == "wsm"
    bad = {**data, "indicators-0-parameters": "1:x", "action": "save"}
    refused = client.post(url, data=bad)
    assert refused.status_code == 400 and "“x”不是数字。" in refused.get_data(as_text=True)
    too_many = {**data, "indicators-0-parameters": "1:30", "action": "save"}
    refused = client.post(url, data=too_many)
    assert refused.status_code == 400 and "annual_report" in refused.get_data(as_text=True)
    changed = {
        **data,
        "grades-0-min": "85",
        "indicators-9-parameters": "topsis; failure_rate:1, entrapment_rate:1",
        "action": "save",
    }
    assert client.post(url, data=changed).status_code == 302
    db.session.refresh(period)
    assert period.template["grades"][0]["min"] == 85
    assert period.template["indicators"][9]["rule"] == {
        "type": "mcda",
        "method": "topsis",
        "criteria": [
            {"indicator": "failure_rate", "weight": 1},
            {"indicator": "entrapment_rate", "weight": 1},
        ],
    }
    assert period.template["indicators"][0] == tpl_built_in()["indicators"][0]  # nothing else moved
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "maintenance.template_changed")
    )
    removed = {**editor_data(client, url), "indicators-17-remove": "y", "action": "save"}
    response = client.post(url, data=removed)
    assert response.status_code == 400 and "必须合计 100 分（现为 90 分）" in response.get_data(
        as_text=True
    )
    added = client.post(url, data={**editor_data(client, url), "action": "add_indicator"})
    assert 'name="indicators-18-id"' in added.get_data(as_text=True)


def test_the_template_can_be_edited_as_json(client, db, login_as):
    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    broken = submit(client, url, {"json-template": '{"indicators": [', "action": "save_json"})
    assert broken.status_code == 400 and "JSON 格式错误，第 1 行" in broken.get_data(as_text=True)
    template = json.loads(json.dumps(period.template))
    template["grades"][2]["min"] = 65
    assert (
        submit(
            client, url, {"json-template": json.dumps(template), "action": "save_json"}
        ).status_code
        == 302
    )
    db.session.refresh(period)
    assert period.template["grades"][2]["min"] == 65


def test_a_huge_number_in_the_template_editor_is_refused_at_once(client, db, login_as):
    """Issue 13 item 9: `1e999999999` in an editor field froze the server (int(Decimal(...)))."""

    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    data = editor_data(client, url)
    for field in ("indicators-0-parameters", "indicators-0-max_points", "grades-0-min"):
        value = "1e999999999:3" if field.endswith("parameters") else "1e999999999"
        refused = client.post(url, data={**data, field: value, "action": "save"})
        assert refused.status_code == 400 and "超出范围" in refused.get_data(as_text=True), field


def test_huge_numbers_in_the_json_template_are_refused_at_once(client, db, login_as):
    """Issue 13 item 9, the JSON editor: numbers are bounded as they are parsed."""

    period = make_period()
    officer(login_as)
    url = f"/manage/maintenance/periods/{period.id}/template"
    for number, expected in (
        ("1e999999999", "超出范围"),
        ("1" * 5000, "超出范围"),
        ("NaN", "不是数字"),
    ):
        text = json.dumps(period.template).replace(
            '"max_points": 3,', f'"max_points": {number},', 1
        )
        refused = submit(client, url, {"json-template": text, "action": "save_json"})
        assert refused.status_code == 400 and expected in refused.get_data(as_text=True), number
