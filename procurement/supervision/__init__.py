"""Supervision: what regulators read within their jurisdiction, and the notes they leave."""
