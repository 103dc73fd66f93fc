"""API keys: made, listed and revoked by ``breach keys``; checked on every HTTP API and portal request.

A key is ``brk_`` and 43 URL-safe characters (32 random bytes). It is shown once, when made; the database
keeps its SHA-256 (a random 256-bit token needs no slow hash) and ``prefix``, its first 8 random characters,
which finds the row and names the key in the audit log. Each key has one role and a holder, the named person
or system deciding with it, so every decision taken through the API is attributable (DESIGN.md habit 10):
the actor of its audit events is ``holder [key PREFIX]``.

Roles: ``security`` opens, reads and dismisses incidents, records facts and confirms; ``dpo`` can do all that
and override our risk recommendation; ``customer`` (bound to one customer) reads and reports on its own cases
only; ``subprocessor`` (bound to one of our sub-processors, issue 21) only sends us its breach notices
(``POST /intake/notices``: GDPR Art. 33(2), Art. 28(4)). Failed authentication is counted per client address
(``FailureLimiter``); past the limit the address's failures are answered 429 instead of 401, while a valid key
from it still passes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.chain.store import subprocessors
from breach.db import repository
from breach.db.models.access import ApiKey, ApiRole
from breach.db.models.chain import Subprocessor
from breach.db.models.directory import Customer
from breach.errors import InvalidInput, NotFound
from breach.records.store import audit

KEY_MARK: Final = "brk_"
PREFIX_LENGTH: Final = 8
MAX_HOLDER_LENGTH: Final = 150  # leaves room for " [key PREFIX]" in an audit actor (200)
MAX_KEY_LENGTH: Final = 128
_KEY_BODY: Final = re.compile(r"[A-Za-z0-9_-]+")
# last_used_at is written at most this often per key, not on every request.
TOUCH_EVERY: Final = timedelta(minutes=1)


def key_hash(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def prefix_of(key: str) -> str | None:
    """The prefix a presented key claims, or ``None`` when it is not shaped like one of our keys."""
    if not key.startswith(KEY_MARK) or len(key) > MAX_KEY_LENGTH:
        return None
    body = key[len(KEY_MARK) :]
    # Only the alphabet of token_urlsafe: anything else (a NUL, which PostgreSQL refuses in a query) is no key.
    if len(body) < PREFIX_LENGTH or not _KEY_BODY.fullmatch(body):
        return None
    return body[:PREFIX_LENGTH]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request speaks for: the key's id, prefix, role, holder and (for a customer key) the customer."""

    key_id: UUID
    prefix: str
    role: ApiRole
    holder: str
    customer_id: UUID | None
    subprocessor_id: UUID | None = None

    @property
    def actor(self) -> str:
        """How the audit log names a decision taken with this key."""
        return f"{self.holder} [key {self.prefix}]"


@dataclass(frozen=True, slots=True)
class CustomerPrincipal:
    """A customer key's principal, its customer known: what every customer route and portal page acts for.

    Made only by ``customer_of``, so a route holding one needs no check that the key is bound to a customer.
    """

    key_id: UUID
    prefix: str
    holder: str
    customer_id: UUID

    @property
    def actor(self) -> str:
        """How the audit log names a decision taken with this key (as ``Principal.actor``)."""
        return f"{self.holder} [key {self.prefix}]"


def customer_of(principal: Principal) -> CustomerPrincipal | None:
    """The principal as a customer's, or ``None`` for a staff key (or a customer key bound to no customer,
    which ``create_key`` never makes: refused the same way rather than trusted)."""
    if principal.role is not ApiRole.CUSTOMER or principal.customer_id is None:
        return None
    return CustomerPrincipal(principal.key_id, principal.prefix, principal.holder, principal.customer_id)


def _principal(row: ApiKey) -> Principal:
    return Principal(row.id, row.prefix, row.role, row.holder, row.customer_id, row.subprocessor_id)


def _holder(holder: str) -> str:
    cleaned = " ".join(holder.split())
    if not cleaned:
        raise InvalidInput("holder", holder, "name the person or system that holds the key")
    if len(cleaned) > MAX_HOLDER_LENGTH:
        raise InvalidInput("holder", cleaned[:20] + "…", f"at most {MAX_HOLDER_LENGTH} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise InvalidInput("holder", cleaned, "control characters are not allowed")
    return cleaned


def create_key(
    *,
    session: Session,
    role: str,
    holder: str,
    customer: str | None,
    actor: str,
    now: datetime,
    subprocessor: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key for ``holder``; returns the row and the key itself, which is never stored nor shown again."""
    try:
        api_role = ApiRole(role)
    except ValueError:
        raise InvalidInput("role", role, f"expected one of {', '.join(r.value for r in ApiRole)}") from None
    name = _holder(holder)
    customer_row: Customer | None = None
    if api_role is ApiRole.CUSTOMER:
        if not customer:
            raise InvalidInput("customer", customer, "a customer key is bound to one customer: name it")
        customer_row = repository.customer_by_name(customer, session=session)
    elif customer:
        raise InvalidInput("customer", customer, f"a {api_role.value} key is not bound to a customer")
    subprocessor_row = _bound_subprocessor(api_role, subprocessor, session=session)
    for _attempt in range(20):
        key = KEY_MARK + secrets.token_urlsafe(32)
        prefix = key[len(KEY_MARK) : len(KEY_MARK) + PREFIX_LENGTH]
        # The prefix is typed as an argument (`breach keys revoke PREFIX`): one starting with "-" (1 in 64 draws)
        # would be read as an option, so such a key is never handed out.
        if prefix.startswith("-"):
            continue
        if session.exec(select(ApiKey.id).where(ApiKey.prefix == prefix)).first() is None:
            break
    else:  # pragma: no cover - 64**8 prefixes
        raise InvalidInput("prefix", None, "could not find a free key prefix")
    row = ApiKey(
        prefix=prefix,
        key_hash=key_hash(key),
        role=api_role,
        customer_id=customer_row.id if customer_row else None,
        subprocessor_id=subprocessor_row.id if subprocessor_row else None,
        holder=name,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.append(
        session=session,
        event_type="api_key.created",
        actor=actor,
        at=now,
        subject_id=row.id,
        data={
            "prefix": prefix,
            "role": api_role.value,
            "customer_id": str(row.customer_id) if row.customer_id else None,
            "subprocessor_id": str(row.subprocessor_id) if row.subprocessor_id else None,
        },
        content=name,
    )
    return row, key


def _bound_subprocessor(role: ApiRole, name: str | None, *, session: Session) -> Subprocessor | None:
    """A sub-processor key is bound to one sub-processor, and no other key to any (issue 21)."""
    if role is ApiRole.SUBPROCESSOR:
        if not name:
            raise InvalidInput("subprocessor", name, "a subprocessor key is bound to one sub-processor: name it")
        return subprocessors.by_name(name, session=session)
    if name:
        raise InvalidInput("subprocessor", name, f"a {role.value} key is not bound to a sub-processor")
    return None


def list_keys(*, session: Session) -> Sequence[tuple[ApiKey, Customer | None]]:
    """Every key, newest first, with its customer; revoked keys too (the record of who could act)."""
    rows = session.exec(
        select(ApiKey, Customer)
        .join(Customer, col(Customer.id) == col(ApiKey.customer_id), isouter=True)
        .order_by(col(ApiKey.created_at).desc(), col(ApiKey.prefix))
    ).all()
    return [(key, customer) for key, customer in rows]


def revoke_key(prefix: str, *, session: Session, actor: str, now: datetime) -> ApiKey:
    """Revoke the key with this prefix (the ``brk_`` mark may be given); revoking twice changes nothing."""
    wanted = prefix.strip().removeprefix(KEY_MARK)[:PREFIX_LENGTH]
    row = session.exec(select(ApiKey).where(ApiKey.prefix == wanted).with_for_update()).first()
    if row is None or len(wanted) != PREFIX_LENGTH:
        raise NotFound("api key", prefix)
    if row.revoked_at is not None:
        return row
    row.revoked_at = now
    session.add(row)
    session.flush()
    audit.append(
        session=session,
        event_type="api_key.revoked",
        actor=actor,
        at=now,
        subject_id=row.id,
        data={"prefix": row.prefix, "role": row.role.value},
    )
    return row


def authenticate(key: str, *, session: Session) -> Principal | None:
    """The principal of a presented key; ``None`` for an unknown, altered or revoked key. Writes nothing."""
    prefix = prefix_of(key)
    if prefix is None:
        return None
    row = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if row is None or not hmac.compare_digest(row.key_hash, key_hash(key)) or row.revoked_at is not None:
        return None
    return _principal(row)


def principal_by_id(key_id: UUID, *, session: Session) -> Principal | None:
    """The principal of a key known by id (a portal session), ``None`` once revoked."""
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return None
    return _principal(row)


def touch(principal: Principal | CustomerPrincipal, *, session: Session, now: datetime) -> None:
    """Note the key's use, in the request's own unit of work (so a refused request leaves no trace)."""
    row = session.get(ApiKey, principal.key_id)
    if row is None:
        return
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
        session.flush()


class FailureLimiter:
    """At most ``limit`` failed authentications per client address within ``window`` seconds (in memory,
    per process); past it the address's failures are answered 429 until its oldest failure leaves the
    window. Only failures count and only failures are refused: a valid key always passes (see
    ``flows.web.api.auth.Api.authenticate``).

    Memory is bounded: at most ``limit`` instants per address and ``max_clients`` addresses, the one whose
    last failure is oldest forgotten first. An IPv6 client counts by its /64, the block one subscriber
    holds, so rotating through its own addresses gains nothing."""

    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 60.0,
        max_clients: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._now = monotonic
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def tracked(self) -> int:
        """How many addresses are remembered (not ``__len__``: an empty limiter must stay truthy)."""
        return len(self._failures)

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.get(client)
        if failures is None:
            return deque(maxlen=self.limit)
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client``'s failures are heard again, or ``None`` when it is under the limit."""
        bucket = _bucket(client)
        with self._lock:
            now = self._now()
            failures = self._recent(bucket, now)
            if len(failures) < self.limit:
                if not failures:
                    self._failures.pop(bucket, None)
                return None
            return max(1, int(failures[0] + self.window - now) + 1)

    def fail(self, client: str) -> None:
        bucket = _bucket(client)
        with self._lock:
            now = self._now()
            failures = self._recent(bucket, now)
            failures.append(now)
            self._failures[bucket] = failures
            self._failures.move_to_end(bucket)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)


def _bucket(client: str) -> str:
    """What failures are counted under: the address, or an IPv6 address's /64."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else address)
