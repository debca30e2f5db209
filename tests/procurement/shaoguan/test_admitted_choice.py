"""A proposal chooses among the insurers a tender admitted (入围) for the community's district; where no
tender has admitted any there yet, among every approved insurer."""

from __future__ import annotations

from procurement.publication import operations as publication
from procurement.shaoguan.queries import admitted_insurers
from tests.procurement.publication.test_publication import evaluated
from tests.procurement.shaoguan.helpers import World


def _award_in(db, frozen_clock, districts):
    tender = evaluated(db)
    tender.districts, tender.admit_count = districts, 2
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    frozen_clock.advance(days=30)
    publication.award(tender, tender.created_by)
    db.session.commit()
    return {bid.insurer.name for bid in tender.bids}


def test_the_choice_is_the_districts_admitted_list_once_a_tender_made_one(
    client, db, frozen_clock, login_as
):
    world = World()
    eligibility = world.eligible()
    assert world.insurer in admitted_insurers(world.community)  # no admitted list yet
    _award_in(db, frozen_clock, ["武江区"])  # another district's list changes nothing here
    assert world.insurer in admitted_insurers(world.community)
    bidders = _award_in(db, frozen_clock, ["浈江区"])
    chosen = admitted_insurers(world.community)
    assert len(chosen) == 2 and {i.name for i in chosen} <= bidders
    assert world.insurer not in chosen
    login_as(world.staff)
    url = f"/shaoguan/{world.programme.id}/communities/{world.community.id}/proposals/new"
    page = client.get(url).get_data(as_text=True)
    assert all(insurer.name in page for insurer in chosen)
    assert world.insurer.name not in page
    assert eligibility.community is world.community
