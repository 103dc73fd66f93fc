"""Our Ed25519 evidence key: made once, kept in a file outside the database (mode 0600), never in Prefect.

Packs are signed with it (issue 15, finding 7: an unsigned manifest can be re-hashed by whoever edits a
pack); customers verify with its public key, which ``breach signing-key public`` prints, the portal shows
and ``GET /evidence/public-key.pem`` serves. Its ``key_id`` (the first 16 hex digits of the SHA-256 of the
raw public key) is written in every manifest so a verifier can tell which of our keys signed it.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from breach.errors import ConfigurationError, InvalidInput
from flows.settings import get_settings

ALGORITHM = "Ed25519"


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> str:
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem.decode("ascii")


def create_key(path: Path) -> Ed25519PrivateKey:
    """A new key written to ``path`` with mode 0600; an existing file is never overwritten."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        # O_EXCL: replacing a key in use would leave every pack signed so far unverifiable with what we publish.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InvalidInput("signing key file", str(path), "already exists; it is never overwritten") from None
    except OSError as exc:
        raise InvalidInput("signing key file", str(path), f"cannot be created ({exc.strerror})") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def load_private(path: Path) -> Ed25519PrivateKey:
    """Our signing key from its file; a clear ``ConfigurationError`` when it is missing, unreadable or open."""
    setting = "BREACH_SIGNING_KEY_FILE"
    try:
        if path.stat().st_mode & 0o077:
            raise ConfigurationError(f"{setting}: {path} is readable by others; make it mode 0600 (chmod 600)")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise ConfigurationError(
            f"{setting}: no signing key at {path}; make one with `breach signing-key create`"
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigurationError(f"{setting}: {path} is not a readable Ed25519 key ({type(exc).__name__})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigurationError(f"{setting}: {path} holds a key that is not Ed25519")
    return key


def load_public(raw: bytes, source: str) -> Ed25519PublicKey:
    """A public key from PEM text (as we publish it); ``InvalidInput`` naming ``source`` otherwise."""
    try:
        key = serialization.load_pem_public_key(raw)
    except (ValueError, TypeError):
        raise InvalidInput("public key", source, "is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("public key", source, "is not an Ed25519 public key")
    return key


def own_key() -> Ed25519PrivateKey:
    return load_private(Path(get_settings().signing_key_file))


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def signature_holds(public: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    try:
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True
