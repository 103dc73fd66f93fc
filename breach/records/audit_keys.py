"""The secret that keys the audit chain, kept outside the database (issue 15, finding 6).

With a plain SHA-256 chain anyone who can write to the database can append an event, or edit one and
re-hash everything after it, and the chain still verifies. Each event's MAC is therefore HMAC-SHA-256
under a key the database never holds: forging an event needs the database *and* the key.

A keyring holds the key new events are written with and any earlier keys (after a rotation) that old
events still verify with; each event names its key by ``key_id``, a fingerprint that does not reveal the
key. Events written before the chain was keyed carry no ``key_id`` and a plain SHA-256: they verify only
up to ``legacy_until``, a seq recorded outside the database (a setting), so a forger cannot rewrite keyed
events as "old" plain ones.

The composition root says where the keyring comes from (``use_keyring_source``, called by ``flows.db``);
a session may carry its own (``session.info[SESSION_KEY]``), which tests use for rotation and legacy cases.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from breach.errors import ConfigurationError

# A key of fewer than 32 bytes is weaker than the SHA-256 it keys (RFC 2104 section 3).
MIN_KEY_BYTES: Final = 32
SESSION_KEY: Final = "breach.audit_keyring"
_ID_LABEL: Final = b"breach-audit-key-id-1"


@dataclass(frozen=True, slots=True, repr=False)
class AuditKey:
    """One secret and its public fingerprint; ``repr`` never shows the secret."""

    secret: bytes
    key_id: str

    @classmethod
    def from_text(cls, text: str, field_name: str = "BREACH_AUDIT_KEY") -> AuditKey:
        raw = text.strip().encode("utf-8")
        if len(raw) < MIN_KEY_BYTES:
            raise ConfigurationError(
                f"{field_name}: the audit key must be at least {MIN_KEY_BYTES} bytes (got {len(raw)}); "
                "make one with `breach audit new-key`"
            )
        # The id is itself a MAC, so publishing it (in every event, in evidence packs) reveals nothing.
        key_id = hmac.new(raw, _ID_LABEL, hashlib.sha256).hexdigest()[:16]
        return cls(raw, key_id)

    def mac(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"AuditKey(key_id={self.key_id!r})"


@dataclass(frozen=True, slots=True)
class Keyring:
    """The key new events are written with, earlier keys old events verify with, and the legacy bound."""

    current: AuditKey
    previous: tuple[AuditKey, ...] = ()
    # The last seq written under plain SHA-256 before the chain was keyed; 0: none is accepted.
    legacy_until: int = 0
    _by_id: Mapping[str, AuditKey] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {k.key_id: k for k in (*self.previous, self.current)})

    def key(self, key_id: str) -> AuditKey | None:
        return self._by_id.get(key_id)


def keyring_from_texts(
    current: str, previous: str = "", legacy_until: int = 0, *, field_name: str = "BREACH_AUDIT_KEY"
) -> Keyring:
    """A keyring from settings' text: ``previous`` is comma- or space-separated earlier keys."""
    if not current.strip():
        raise ConfigurationError(
            f"{field_name}: no audit key is configured; the audit log cannot be written or verified without it "
            "(make one with `breach audit new-key` and keep it outside the database)"
        )
    if legacy_until < 0:
        raise ConfigurationError(f"BREACH_AUDIT_LEGACY_UNTIL: must be 0 or more (got {legacy_until})")
    old = tuple(
        AuditKey.from_text(part, "BREACH_AUDIT_OLD_KEYS") for part in previous.replace(",", " ").split() if part
    )
    return Keyring(AuditKey.from_text(current, field_name), old, legacy_until)


_source: Callable[[], Keyring] | None = None


def use_keyring_source(source: Callable[[], Keyring] | None) -> None:
    """Where sessions without a keyring of their own find one (the composition root's settings)."""
    global _source  # noqa: PLW0603  (one process-wide source, set once by the composition root)
    _source = source


def keyring_for(info: Mapping[str, Any]) -> Keyring:
    """The keyring of a session (its ``info``), else the process's; a clear error when there is none."""
    own = info.get(SESSION_KEY)
    if isinstance(own, Keyring):
        return own
    if _source is None:
        raise ConfigurationError(
            "BREACH_AUDIT_KEY: no audit key is configured; the audit log cannot be written or verified without it"
        )
    return _source()
