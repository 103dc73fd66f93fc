"""What our directory knows of a customer's data on the affected services, for every draft (GDPR Art. 33(3)(a)).

The directory records, per customer and service, the kinds of data kept there, whose data they are and about
how many people (DPA clause 2(1); ``CustomerService``). A draft names them instead of leaving "categories of
data subjects" for the controller to complete. (The data categories they keep there join the incident's in
``notifications.context.build.facts_view``.)

Pure: built from loaded rows; ``notifications.packs.case_packs`` puts it into every pack's context.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from breach.db.models.directory import CustomerService, Service
from breach.vocabulary import SUBJECT_KINDS
from notifications.packs.dpia import ProcessingLine, processing_lines


class ServicesView(BaseModel):
    """The affected services as this customer uses them, and whose data they hold, in vocabulary order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lines: tuple[ProcessingLine, ...] = ()
    subject_kinds: tuple[str, ...] = ()


def services_view(uses: Sequence[tuple[CustomerService, Service]], *, language: str) -> ServicesView:
    lines = processing_lines(uses, language=language)
    kinds = {kind for line in lines for kind in line.subject_kinds}
    return ServicesView(lines=lines, subject_kinds=tuple(k for k in SUBJECT_KINDS if k in kinds))
