"""Shaoguan's programme: buying elevator repair insurance with the maintenance funds' income (公示无异议)."""
