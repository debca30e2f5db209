"""Deny by default, role checks and security headers, over the whole URL map."""

from __future__ import annotations

import pytest

from procurement.accounts.models import InsurerStatus, Role
from procurement.security import PUBLIC_ENDPOINTS, allowed_roles
from tests.factories import make_insurer, make_user


def sample_url(rule):
    values = {argument: 1 for argument in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_endpoint_is_public_or_names_its_roles(app):
    undeclared = [
        rule.endpoint
        for rule in routes(app)
        if rule.endpoint not in PUBLIC_ENDPOINTS and not allowed_roles(app, rule.endpoint)
    ]
    assert undeclared == []
    assert all(endpoint in app.view_functions for endpoint in PUBLIC_ENDPOINTS)


def test_anonymous_visitors_reach_only_public_endpoints(client, app):
    for rule in routes(app):
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(sample_url(rule), method=method)
        if rule.endpoint in PUBLIC_ENDPOINTS:
            assert response.status_code in {200, 302, 400, 404}, rule
        else:
            assert response.status_code in {302, 400}, rule  # to sign-in, or the CSRF refusal
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], rule


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MEMBER, Role.INSURER])
def test_non_administrators_are_refused_admin_pages(client, db, login_as, role):
    user = make_insurer() if role is Role.INSURER else make_user(role)
    login_as(user)
    for url in (
        "/accounts/",
        "/accounts/new",
        "/accounts/insurers",
        "/accounts/insurers/1",
        "/audit/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.get_data(as_text=True)


def test_a_view_without_roles_is_closed(app):
    from flask import Flask

    from procurement.security import _enforce

    probe = Flask("probe")
    probe.add_url_rule("/forgotten", "forgotten", lambda: "open")
    with probe.test_request_context("/forgotten"):
        from flask import request

        request.url_rule = probe.url_map.bind("").match("/forgotten", return_rule=True)[0]
        with pytest.raises(Exception) as refused:
            _enforce()
    assert getattr(refused.value, "code", None) == 403


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert client.get("/no-such-page").headers["X-Content-Type-Options"] == "nosniff"


def test_pending_insurer_signs_in_but_cannot_bid(client, db, login_as):
    pending = login_as(make_insurer(status=InsurerStatus.PENDING))
    assert not pending.can_bid
    assert "正在等待管理员审核" in client.get("/").get_data(as_text=True)
