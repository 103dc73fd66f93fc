"""``breach customers end-contract``: the return or destruction of a whole customer's data and its record
(DPA clause 10(2); GDPR Art. 28(3)(g)).

At the end of the contract, or earlier on the customer's request, we return the personal data we processed for
it or destroy them, every copy included, in our services (that work is done there, not by this engine). This
records it and sends the customer the record of destruction, retention's own notice kind (``destruction``, its
``contract`` scope: ``notifications.context.kinds.destruction``), told as a communication: in the customer's
language, on its first contact (a chat channel gets the minimal version), acknowledged by link or reminded
through its chain, our clock ``dpa.10.2``, in its evidence pack. Every service the customer uses must be
accounted for (the whole customer's data), with the number of records; our log of the operation is kept only
as its SHA-256 (it may name data subjects), the same fingerprint the record gives.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Final, Literal

from sqlmodel import Session

from breach.clock import to_utc
from breach.communications.store import records
from breach.db import repository
from breach.db.models.communications import Communication
from breach.directory.names import name_in
from breach.errors import InvalidInput
from breach.vocabulary import NoticeKind
from flows.usecases.communications.addressing import tell

CLOCK: Final = "dpa.10.2"
ACTIONS: Final = ("destroyed", "returned")
MAX_LOG_BYTES: Final = 16 * 1024 * 1024


def _action(value: str) -> Literal["destroyed", "returned"]:
    clean = value.strip().lower()
    if clean == "destroyed":
        return "destroyed"
    if clean == "returned":
        return "returned"
    raise InvalidInput("action", value, f"expected one of {', '.join(ACTIONS)}")


def end_contract(
    *,
    session: Session,
    customer: str,
    action: str,
    ended_at: datetime,
    done_at: datetime,
    services: Mapping[str, int],
    log: bytes | None,
    on_request: bool,
    actor: str,
    now: datetime,
) -> Communication:
    """Record the return or destruction of ``customer``'s data and queue its record of destruction.

    ``ended_at``: when the contract ended, or when the customer asked (``on_request``); ``done_at``: when the
    data were returned or destroyed. ``services``: records per service code, every service the customer uses.
    Every input is checked before anything is written.
    """
    what = _action(action)
    end = to_utc(ended_at, "ended_at")
    done = to_utc(done_at, "done_at")
    if done > to_utc(now, "now"):
        raise InvalidInput("done_at", done.isoformat(), "is in the future: record it once it is done")
    if done < end and not on_request:
        raise InvalidInput("done_at", done.isoformat(), f"is before the contract ended ({end.isoformat()})")
    if end > to_utc(now, "now"):
        raise InvalidInput("ended_at", end.isoformat(), "is in the future")
    if log is not None and len(log) > MAX_LOG_BYTES:
        raise InvalidInput("log", f"{len(log)} bytes", f"at most {MAX_LOG_BYTES} bytes")
    target = repository.customer_by_name(customer, session=session)
    known = repository.services_by_code(session=session)
    used = {u.service_id for u in repository.service_uses(session=session) if u.customer_id == target.id}
    codes = sorted(code for code, service in known.items() if service.id in used)
    unknown = sorted(set(services) - set(codes))
    if unknown:
        raise InvalidInput("service", ", ".join(unknown), f"{target.name} does not use it (uses: {', '.join(codes)})")
    missing = [code for code in codes if code not in services]
    if missing:
        raise InvalidInput("service", ", ".join(missing), "every service the customer uses must be accounted for")
    bad = {code: n for code, n in services.items() if n < 0}
    if bad:
        raise InvalidInput("service", ", ".join(f"{c}={n}" for c, n in bad.items()), "a count is 0 or more")
    # Named as the customer reads it (issue 17); the code stays for machines.
    lines = [
        {"service": name_in(known[code], target.language), "code": code, "records": services[code]} for code in codes
    ]
    # The fingerprint: of our log when given, else of the record itself in a canonical form.
    canonical = json.dumps({"customer": target.name, "action": what, "services": lines}, sort_keys=True)
    sha256 = hashlib.sha256(log if log is not None else canonical.encode("utf-8")).hexdigest()
    facts = {
        "customer": target.name,
        "scope": "contract",
        "action": what,
        "on_request": on_request,
        "ended_at": end.isoformat(),
        "services": lines,
        "removed_sha256": sha256,
    }
    communication = records.record(
        session=session, kind=NoticeKind.DESTRUCTION, occurred_at=done, facts=facts, actor=actor, now=now
    )
    tell(
        communication,
        [target],
        session=session,
        rule=CLOCK,
        hours=lambda c: c.sla_hours,
        details=lambda _c, due_at: {
            **facts,
            "destroyed_at": done.isoformat(),
            "due_at": due_at.isoformat(),
        },
        actor=actor,
        now=now,
    )
    return communication
