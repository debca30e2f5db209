"""Accounts: users, their roles, and the insurer companies that register to bid (投标人 / 保险机构)."""
