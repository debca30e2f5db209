"""The hashes of receipts and records: canonical JSON and SHA-256.

Bids are sealed in the insurer's browser to the tender's public key and opened by its key holders
together (procurement.keyholders, procurement.bids.sealed; docs/security.md, "Sealed bids"). The server
keeps no key that opens a bid.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes a receipt hashes."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
