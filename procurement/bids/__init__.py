"""Bids (投标): structured fields, sealed content, attachments, receipts."""
