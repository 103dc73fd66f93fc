"""The audit keyring from the settings: the process-wide source ``breach.records.store.audit`` falls back on.

The key lives in ``BREACH_AUDIT_KEY`` or in the file ``BREACH_AUDIT_KEY_FILE`` names (a mounted secret),
never in the database and never in a Prefect parameter, result or log: tasks reach it through this
module, in their own process.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from breach.errors import ConfigurationError
from breach.records.audit_keys import Keyring, keyring_from_texts
from flows.settings import Settings, get_settings

_lock = threading.Lock()
_cached: tuple[Settings, Keyring] | None = None


def new_key() -> str:
    """A fresh audit key: 32 random bytes as 64 hex characters."""
    return secrets.token_hex(32)


def keyring_of(settings: Settings) -> Keyring:
    """The keyring the settings describe; a clear ``ConfigurationError`` when there is no usable key."""
    current = settings.audit_key.get_secret_value()
    field = "BREACH_AUDIT_KEY"
    if not current and settings.audit_key_file:
        field = "BREACH_AUDIT_KEY_FILE"
        try:
            current = Path(settings.audit_key_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigurationError(
                f"BREACH_AUDIT_KEY_FILE: {settings.audit_key_file} cannot be read ({type(exc).__name__})"
            ) from None
    return keyring_from_texts(
        current, settings.audit_old_keys.get_secret_value(), settings.audit_legacy_until, field_name=field
    )


def settings_keyring() -> Keyring:
    """The keyring of the current settings, built once per settings object (appends ask for it often)."""
    global _cached  # noqa: PLW0603  (a cache of one, replaced when the settings are)
    settings = get_settings()
    with _lock:
        if _cached is None or _cached[0] is not settings:
            _cached = (settings, keyring_of(settings))
        return _cached[1]
