"""`flask --app procurement shaoguan settle`, and the rate limit on owners' objections."""

from __future__ import annotations

from procurement.shaoguan import notice
from procurement.shaoguan.models import ApprovalRule, ProposalStatus
from tests.conftest import csrf_token
from tests.procurement.shaoguan.helpers import World


def test_the_settle_command_approves_an_ended_notice_without_objection(runner, db, frozen_clock):
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    db.session.commit()
    early = runner.invoke(args=["shaoguan", "settle"])
    assert early.exit_code == 0 and "0 approved" in early.output
    frozen_clock.advance(days=7)
    done = runner.invoke(args=["shaoguan", "settle"])
    assert done.exit_code == 0 and "1 approved" in done.output
    db.session.expire_all()
    assert proposal.status is ProposalStatus.APPROVED
    assert proposal.approval_rule is ApprovalRule.NO_OBJECTION
    assert "0 approved" in runner.invoke(args=["shaoguan", "settle"]).output  # safe to repeat


def test_anonymous_objections_are_rate_limited_per_address(app, client, db):
    world = World()
    proposal = world.proposal()
    notice.publish_notice(proposal, world.bureau)
    db.session.commit()
    url = f"/shaoguan/p/{world.programme.slug}/notices/{proposal.id}/object"
    per_hour = int(app.config["RATE_LIMITS"]["shaoguan.object_to"].split()[0])
    address = {"REMOTE_ADDR": "198.51.100.77"}
    for _ in range(per_hour):
        data = {"building": "", "csrf_token": csrf_token(client, url)}
        assert client.post(url, data=data, environ_base=address).status_code == 400
    data = {"building": "", "csrf_token": csrf_token(client, url)}
    assert client.post(url, data=data, environ_base=address).status_code == 429
