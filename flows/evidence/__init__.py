"""Evidence packs: what we did for one customer's case, signed, and verifiable by a third party.

``build`` makes a pack, ``records`` holds the files' forms (shared with verification), ``signing`` our
Ed25519 key, ``verify`` the check that needs only the pack and our public key.
"""

from __future__ import annotations

from flows.evidence.build import Pack, build_pack
from flows.evidence.records import PACK_FORMAT, event_from_record, event_record
from flows.evidence.verify import verify_pack

__all__ = ["PACK_FORMAT", "Pack", "build_pack", "event_from_record", "event_record", "verify_pack"]
