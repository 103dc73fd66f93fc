"""What the HTTP API takes and answers: one pydantic model per request and response (``flows.web.api.routes``).

Requests forbid unknown fields, so a misspelt field is named in a 422 rather than silently ignored. They also
refuse what the database cannot store, before anything is written: a NUL character anywhere (PostgreSQL text
holds none), and a time whose UTC instant falls outside years 1-9999 (``0001-01-01T00:00:00+14:00``), which
would overflow when stored in UTC. Both were 500s found by schemathesis (``tests/api/test_openapi.py``;
regression cases in ``tests/api/test_input_edges.py``).
Responses never carry a contact URL, a key or a key's hash; a customer's answers hold only its own case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)

from breach.deadlines.status import DeadlineStatus
from breach.errors import InvalidInput
from breach.inputs import range_problem
from breach.vocabulary import IncidentStatus, Language, NoticeKind, NoticeStatus
from flows.timeparse import ACCEPTED_FORMS, parse_instant
from notifications.packs.case_packs import PackFormat

Risk = Literal["unlikely", "risk", "high"]
DetailValue = str | int | bool


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False


def _storable_instant(value: datetime) -> datetime:
    # The same range as every other input (breach.inputs): a deadline or retention period added later
    # must stay a date, and the check itself cannot overflow.
    problem = range_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _typed_instant(value: Any, handler: ValidatorFunctionWrapHandler) -> datetime:
    """ISO 8601 with an offset as pydantic reads it, or the CLI's forms (``flows.timeparse``): a local time
    and an IANA zone (``2026-11-27 09:15 Europe/Brussels``); a refusal says which forms are taken."""
    try:
        parsed: datetime = handler(value)
    except ValidationError:
        if not isinstance(value, str):
            raise
        try:
            typed: datetime = handler(parse_instant(value, "time"))
        except InvalidInput as exc:
            raise ValueError(f"{exc.problem}; {ACCEPTED_FORMS}") from None
        return typed
    return parsed


# An aware time that is still a time once converted to UTC, the form it is stored in.
Instant = Annotated[AwareDatetime, WrapValidator(_typed_instant), AfterValidator(_storable_instant)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # Checked on every field, nested values and keys included (facts, narrative and details are free-form).
        if _holds_nul(value):
            raise ValueError("NUL characters (U+0000) are not allowed")
        return value


# --- errors --------------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    field: str = Field(description="Where the problem is: a body field, a header or a path parameter.")
    value: Any = Field(default=None, description="What was given (shortened), or null.")
    problem: str


class ErrorBody(BaseModel):
    error: ErrorDetail


# --- incidents (security team, DPO) --------------------------------------------------------------


class IncidentCreate(_Request):
    title: str = Field(min_length=1, max_length=300, description="A short title, without personal data.")
    description: str = Field(min_length=1, max_length=20_000, description="What happened, as known now.")
    services: list[str] = Field(min_length=1, max_length=200, description="Codes of the affected services.")
    detected_at: Instant | None = Field(default=None, description="When it was detected (default: now).")
    occurred_at: Instant | None = None


class DeadlineOut(BaseModel):
    rule: str
    start_at: datetime
    due_at: datetime
    met_at: datetime | None
    status: DeadlineStatus
    late_reasons: str | None = None


class CaseOut(BaseModel):
    """One affected customer's case, as our own staff see it (no contact details)."""

    id: UUID
    customer: str
    customer_role: str
    language: str
    timezone: str
    aware_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    data_subjects: int
    risk: Risk | None = Field(description="Our recommendation (a DPO override when there is one).")
    overridden: bool
    deadlines: list[DeadlineOut]


class IncidentFilter(_Request):
    """The query of ``GET /incidents``; an unknown parameter (a misspelt filter) is refused, not ignored."""

    status: IncidentStatus | None = None


class PackQuery(_Request):
    """The query of ``GET /me/cases/{id}/packs/{kind}``: the pack's format (Markdown unless asked)."""

    format: PackFormat = Field(default="md", description="md (Markdown), html or json (the pack's context).")


class IncidentSummary(BaseModel):
    reference: str
    title: str
    status: IncidentStatus
    detected_at: datetime
    occurred_at: datetime | None
    aware_at: datetime | None
    reported_at: datetime
    reported_by: str
    services: list[str]


class ChainServiceOut(BaseModel):
    theirs: str = Field(description="The sub-processor's service named in its notice.")
    ours: list[str] = Field(description="Our services of this incident behind it (codes).")


class ChainNoticeOut(BaseModel):
    """A sub-processor's breach notice this incident came from (issue 21, GDPR Art. 33(2)); never its text."""

    subprocessor: str
    country: str
    notice_key: str = Field(description="The sender's own key of its notice (a repeat is dropped by it).")
    form: str = Field(description="breach-notice (schema 1.x) or minimal.")
    schema_version: str | None
    received_at: datetime = Field(description="When it reached us: our awareness unless confirmed otherwise.")
    their_aware_at: datetime | None
    services: list[ChainServiceOut]
    pending_review: bool = Field(
        default=False,
        description="Its facts wait for a person's review (`breach intake pending|accept REF`): not yet ours.",
    )


class IncidentDetail(IncidentSummary):
    description: str
    dismissal_reason: str | None
    facts: dict[str, Any] | None
    narrative: dict[str, Any] | None
    risk_override: dict[str, Any] | None
    cases: list[CaseOut]
    nis2: dict[str, Any] | None = Field(
        default=None,
        description="Our own NIS2 record (issue 20; flows.usecases.nis2.view): facts, the significance test's answer"
        " with its reasons in our DPO's language, a DPO's override, our awareness and the nis2.* clocks.",
    )
    chain: list[ChainNoticeOut] = Field(
        default_factory=list,
        description="The sub-processors' notices the incident came from, first received first (issue 21).",
    )


class ConfirmRequest(_Request):
    aware_at: Instant | None = Field(
        default=None,
        description="When we became aware (default: when our sub-processor's notice reached us, else now).",
    )
    fallback_language: Language | None = Field(
        default=None,
        description="Send texts not yet written in an affected customer's language in this one: the notice says a"
        " translation follows, and a support task to send it is queued. Without it, such a confirmation is refused"
        " (422, naming the item and language).",
    )


class ConfirmResult(BaseModel):
    reference: str
    status: IncidentStatus
    already_confirmed: bool
    affected: int
    cases_created: int
    notices_queued: int
    delivery: Literal["background", "prefect"] = Field(
        description="Where the queued notices are being delivered: this server, or Prefect's work pool."
    )
    translation_task: str | None = Field(
        default=None, description="The support task queued to send the texts still owed in a customer's language."
    )


class DismissRequest(_Request):
    reason: str = Field(min_length=1, max_length=4000, description="Why this is not a personal data breach.")


class FactsRequest(_Request):
    facts: dict[str, Any] | None = Field(default=None, description="A breach.risk.assessment.BreachFacts document.")
    narrative: dict[str, Any] | None = Field(
        default=None,
        description="A breach.incidents.narrative.Narrative document: each text (title, nature, likely_consequences,"
        " measures_taken, measures_proposed, contact_point, for_data_subjects) one string, in the language named by"
        ' written_in (default: our DPO\'s language), or per language, {"nl": "...", "fr": "..."}.',
    )
    nis2: dict[str, Any] | None = Field(
        default=None,
        description="Our own NIS2 facts (flows.usecases.nis2.section): the fields of breach.nis2.Nis2Facts, the direct"
        " financial loss as items direct_financial_loss [{category, amount_eur}]; a key left out is not known yet.",
    )


class Reassessed(BaseModel):
    customer: str
    before: Risk | None
    after: Risk


class Wanted(BaseModel):
    """An item the facts show is wanted though not required (breach.risk.failed_measures): never a refusal."""

    field: str = Field(description="The item, e.g. narrative.failed_measures.")
    ground: str = Field(description="The provisions that ask for it.")
    because: list[str] = Field(description="What in the facts shows it is wanted (codes).")
    suggested: list[str] = Field(description="The values to check first.")
    choices: list[str] = Field(description="Every value the item takes (the DPA appendix's measures).")


class FactsResult(BaseModel):
    reference: str
    reassessed: list[Reassessed]
    worsened: list[Reassessed]
    wanted: list[Wanted] = Field(default_factory=list, description="Items the facts show are still wanted.")
    nis2: dict[str, Any] | None = Field(default=None, description="Our NIS2 record after these facts (as GET shows).")


class OverrideRequest(_Request):
    risk: Risk
    reason: str = Field(min_length=1, max_length=4000)
    customer: str | None = Field(default=None, max_length=200, description="One customer's case only.")


class OverrideResult(BaseModel):
    reference: str
    risk: Risk
    cases: int


# --- a customer's own cases -----------------------------------------------------------------------


class NoticeOut(BaseModel):
    id: UUID
    kind: NoticeKind
    phase: int
    status: NoticeStatus
    delivered_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class ReportOut(BaseModel):
    id: UUID
    event: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str
    details: dict[str, DetailValue]


class MyCaseSummary(BaseModel):
    id: UUID
    reference: str
    title: str
    incident_status: IncidentStatus
    aware_at: datetime | None
    acknowledged_at: datetime | None
    risk: Risk | None
    next_due: DeadlineOut | None


class MyCase(MyCaseSummary):
    description: str
    timezone: str
    language: str
    notify_authority: bool | None
    notify_data_subjects: bool | None
    deadlines: list[DeadlineOut]
    notices: list[NoticeOut]
    reports: list[ReportOut]


class ReportRequest(_Request):
    event: str = Field(min_length=1, max_length=48, description="An event of breach.deadlines.events (case scope).")
    at: Instant = Field(description="When it happened, with its offset.")
    details: dict[str, DetailValue] = Field(default_factory=dict, max_length=16)


class ReportResult(BaseModel):
    id: UUID
    event: str
    occurred_at: datetime
    late: bool
    repeated: bool
    started: list[str]
    met: list[str]


class AckRequest(_Request):
    name: str = Field(min_length=1, max_length=200, description="Who read the notice.")


class AckResult(BaseModel):
    notice_id: UUID
    acknowledged_at: datetime
    acknowledged_by: str
