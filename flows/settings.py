"""Settings, validated and built lazily (DESIGN.md habit 5): nothing reads the environment at import.

Our own contacts are settings, never taken from the DPA text. Secrets are ``SecretStr``.
"""

from __future__ import annotations

import getpass
import os
import sys
from functools import lru_cache
from typing import Literal

from pydantic import Field, NonNegativeInt, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from breach.errors import ConfigurationError
from breach.records.retention import DEFAULT_RETENTION_DAYS
from notifications.delivery.dpo_contact import PLACEHOLDER_DPO

_warned: list[str] = []  # the login name already warned about: the warning is printed once per process


def _os_user() -> str:
    """Who decides when BREACH_OPERATOR is unset: the person behind ``sudo`` (SUDO_USER), else the login
    name, with a one-time warning on stderr: in a root shell that name is "root", which tells an auditor
    nothing about who decided (GDPR Art. 5(2), 33(5))."""
    sudo_user = os.environ.get("SUDO_USER", "").strip()
    if sudo_user:
        return sudo_user
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown-operator"
    if not _warned:
        _warned.append(user)
        print(
            f"breach: BREACH_OPERATOR is unset; decisions are recorded as {user!r} (the login name)."
            " Set BREACH_OPERATOR to the name or staff account of the person deciding.",
            file=sys.stderr,
        )
    return user


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BREACH_", extra="ignore", frozen=True)

    database_url: str = "sqlite:///breach.db"
    # Who made a decision from the CLI: recorded on every audit event the CLI writes.
    operator: str = Field(default_factory=_os_user, min_length=1)
    # Our own name and contacts as processor: shown in every notice (DPA clause 5(a): the DPO's name and direct
    # contact). The DPO's three are placeholders: no notice reaches a real contact until all are set
    # (notifications.delivery.dpo_contact; `breach check` says which are missing).
    processor_name: str = "Example Cloud Services BV"
    dpo_name: str = PLACEHOLDER_DPO.name
    dpo_email: str = PLACEHOLDER_DPO.email
    dpo_phone: str = PLACEHOLDER_DPO.phone
    # Where internal alerts go (Apprise URLs, comma- or space-separated); empty: alerts fail visibly and
    # stay in `breach outbox list`.
    dpo_alert_urls: SecretStr = SecretStr("")
    dpo_language: Literal["nl", "fr", "de", "en"] = "en"
    dpo_timezone: str = "Europe/Brussels"
    security_lead_name: str = "Security lead"
    security_lead_email: str = "security@example.org"
    public_url: str = "http://127.0.0.1:8765"
    ack_secret: SecretStr = SecretStr("")
    # Proxies in front of `breach serve` whose X-Forwarded-For is believed (addresses or networks, comma- or
    # space-separated; checked when the server starts, flows.web.clients); empty: none, the peer is the client.
    trusted_proxies: str = ""
    default_timezone: str = "Europe/Brussels"
    # Delivery: customers per batch (one Prefect task each), concurrent sends inside a batch, and how long
    # a claimed notice may stay in flight before the next run takes it for a crashed one. Sized for latency,
    # not cores (issue 19): a send mostly waits on its receiver (median 200 ms, 2 s at the 99th percentile,
    # 45 s for a hung one), so 64 senders per batch, 4 batches of 500 (256 sends at once) keep a 2-core
    # machine busy against real receivers; 250 x 2 x 8 (16 at once) made 10 000 customers wait on each other.
    # Memory grows with batch x batches in flight (each notice's context): 500 x 4 stayed under 900 MB
    # at 10 000 customers where 1000 x 8 reached 1.3 GB (README, Performance).
    batch_size: int = Field(default=500, ge=1, le=10_000)
    send_concurrency: int = Field(default=64, ge=1, le=256)
    send_lease_seconds: int = Field(default=180, ge=1)
    # Each try: the wait for a connection, and for each answer of the receiver (notifications.channels.channel).
    # 5 s: a healthy receiver connects in milliseconds, a dead one should free its sender at once; 20 s: a
    # mail relay scanning a message answers within seconds, a hung one must not hold a sender for long.
    send_connect_timeout_seconds: float = Field(default=5.0, gt=0, le=120)
    send_read_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    # Batches in flight at once in `handle_incident`: while one waits for the database (claim, settle),
    # others render and send; a batch whose last tries hang gives its place up after 5 s of silence
    # (notifications.delivery.stragglers), so 4 is enough.
    batches_in_flight: int = Field(default=4, ge=1, le=8)
    # Worker processes that render notices on the other cores while this process sends; empty: one per
    # core beyond the first (at most 4); 0: render in the sending process.
    render_processes: int | None = Field(default=None, ge=0, le=32)
    # Where the API delivers after a confirmation: "here", in the API server's process (a Prefect flow run
    # when PREFECT_API_URL is set: the first notice leaves within a second), or "pool", handed to the work
    # pool's deployment (a worker polls, then starts a process: seconds more, but off the API's machine).
    api_delivery: Literal["here", "pool"] = "here"
    # A customer still unreached this many minutes after our first try becomes a person's task: one
    # aggregated alert, the top of the worklist and the register
    # (flows.usecases.unreached; RetryPolicy.unreached_after).
    unreached_after_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # The audit chain's HMAC key (at least 32 bytes), kept outside the database (flows.audit_wiring): the
    # key itself, or a file that holds it; earlier keys after a rotation; and the last seq written under
    # plain SHA-256 before the chain was keyed (0: a chain keyed from its first event).
    audit_key: SecretStr = SecretStr("")
    audit_key_file: str = ""
    audit_old_keys: SecretStr = SecretStr("")
    audit_legacy_until: int = Field(default=0, ge=0)
    # Where the watchdog anchors the chain's head outside the database (append-only; ship it off-box).
    anchor_log: str = "breach-anchors.log"
    # The Ed25519 key evidence packs are signed with (flows.evidence.signing), a PEM file, mode 0600.
    signing_key_file: str = "breach-signing-key.pem"
    # Days after an incident closes before its personal data are removed (breach.records.retention explains 5 years).
    retention_days: int = Field(default=DEFAULT_RETENTION_DAYS, ge=1)
    # Our own NIS2 duty (issue 20, breach.nis2): the kind of entity we are under Implementing Regulation (EU)
    # 2024/2690 (unset: `breach nis2 assess` asks for --entity-type), each of our services' users in the Union
    # (JSON, service code to count: the base of the 5 % thresholds of Art. 7 and 10) and the preceding financial
    # year's turnover (Art. 3(1)(a)). An incident's `nis2` facts may give either figure; theirs wins.
    nis2_entity_type: Literal["cloud", "data_centre", "msp", "mssp"] | None = None
    nis2_users_in_union: dict[str, NonNegativeInt] = Field(default_factory=dict)
    nis2_annual_turnover_eur: NonNegativeInt | None = None
    # Communications (issue 22): DPA clause 4(1) "immediately" as the contract's hours to forward a data
    # subject's request (rule dpa.4.1), per customer where its contract says otherwise (JSON, customer name to
    # hours); and the days a request's text is kept from its receipt (flows.usecases.communications.retention).
    request_forward_hours: int = Field(default=24, ge=1, le=720)
    request_forward_hours_by_customer: dict[str, int] = Field(default_factory=dict)
    request_retention_days: int = Field(default=365, ge=1)
    # Issue 21: the days a customer has to object to an announced change of our sub-processors (GDPR Art.
    # 28(2); rule gdpr.28.2). Neither the GDPR nor our DPA (clause 6) fixes them; a change takes effect after.
    subprocessor_objection_days: int = Field(default=30, ge=1, le=365)
    # Issue 22, DPA clause 9: the days an instruction may wait for the customer's written confirmation (or its
    # answer to our concern) before the DPO's worklist says to chase it. The DPA sets the customer no period;
    # acknowledging our request stops its reminders, so past these days a person follows it up.
    instruction_chase_days: int = Field(default=14, ge=1, le=365)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "BREACH_" + str(first["loc"][0]).upper() if first["loc"] else "BREACH_*"
        raise ConfigurationError(f"{name}: {first['msg']}") from None
