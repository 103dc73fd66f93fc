"""The DPIA support pack's own content (GDPR Art. 35(7); DPA clause 8(1)(d)): what we know as processor.

A DPIA is the controller's: it describes its processing and purposes (Art. 35(7)(a)), weighs necessity and
proportionality (b), assesses the risks to data subjects (c) and the measures against them (d), with its
DPO's advice (Art. 35(2)) and, where appropriate, the data subjects' views (Art. 35(9)). We contribute what
only the processor knows: the affected services and what this customer keeps there (its ``CustomerService``
rows), the technical and organisational measures of the DPA appendix (``breach.risk.measures``, GDPR Art.
32(1)(b)-(d)) with the ones that failed in this incident, the risks the incident showed, and the measures
taken or proposed. ``CONTROLLER_SECTIONS`` are left for the controller, marked as its own.

Pure: built from loaded rows; ``notifications.packs.case_packs`` puts the view into the pack's context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from pydantic import BaseModel, ConfigDict

from breach.db.models.directory import CustomerService, Service
from breach.directory.names import description_in, name_in
from breach.risk.measures import GROUPS, MEASURES
from breach.vocabulary import DATA_KINDS, SUBJECT_KINDS

# The parts of Art. 35(7) and of Art. 35(2), (9) only the controller can write, in the pack's order.
CONTROLLER_SECTIONS: Final[tuple[str, ...]] = (
    "purposes",  # Art. 35(7)(a): purposes, including the legitimate interest pursued
    "necessity",  # Art. 35(7)(b): necessity and proportionality in relation to the purposes
    "own_risks",  # Art. 35(7)(c): the controller's own assessment of the risks
    "own_measures",  # Art. 35(7)(d): the measures it envisages, safeguards included
    "dpo_advice",  # Art. 35(2): the advice of its data protection officer
    "subjects_views",  # Art. 35(9): the views of data subjects or their representatives
)


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProcessingLine(_View):
    """One affected service as this customer uses it (DPA clause 2 vocabulary, in its order)."""

    code: str
    name: str
    description: str
    data_subjects: int
    data_kinds: tuple[str, ...] = ()
    subject_kinds: tuple[str, ...] = ()


class MeasureLine(_View):
    id: str  # labelled by the ``measure`` group
    group: str  # labelled by the ``measure_group`` group
    citation: str
    failed: bool


class MeasureGroupLine(_View):
    """A heading of the appendix (confidentiality, integrity, ...) with its measures."""

    group: str
    measures: tuple[MeasureLine, ...]


class DpiaView(_View):
    processing: tuple[ProcessingLine, ...]
    groups: tuple[MeasureGroupLine, ...]
    failed: tuple[str, ...]  # the failed measures' ids, in the appendix's order
    # Whether the measures were assessed: some were named as failed, or the incident is settled. Until then
    # a measure is "not yet assessed", never "not reported as failed", which would read as "it held".
    assessed: bool = True
    controller_sections: tuple[str, ...] = CONTROLLER_SECTIONS


def processing_lines(uses: Sequence[tuple[CustomerService, Service]], *, language: str) -> tuple[ProcessingLine, ...]:
    """The customer's uses of the affected services, each named and described in its ``language``."""
    return tuple(
        ProcessingLine(
            code=service.code,
            name=name_in(service, language),
            description=description_in(service, language),
            data_subjects=use.data_subjects,
            data_kinds=tuple(k for k in DATA_KINDS if k in use.data_kinds),
            subject_kinds=tuple(k for k in SUBJECT_KINDS if k in use.subject_kinds),
        )
        for use, service in uses
    )


def dpia_view(
    uses: Sequence[tuple[CustomerService, Service]], failed_measures: Sequence[str], *, settled: bool, language: str
) -> DpiaView:
    """The processor's part of the customer's DPIA, as of the incident's narrative; ``settled``: the incident
    is over (closed, withdrawn), so measures nobody named as failed are reported as not failed."""
    failed = set(failed_measures)
    groups = tuple(
        MeasureGroupLine(
            group=group,
            measures=tuple(
                MeasureLine(id=m.id, group=m.group, citation=m.citation, failed=m.id in failed)
                for m in MEASURES
                if m.group == group
            ),
        )
        for group in GROUPS
    )
    return DpiaView(
        processing=processing_lines(uses, language=language),
        groups=groups,
        failed=tuple(m.id for m in MEASURES if m.id in failed),
        assessed=bool(failed) or settled,
    )
