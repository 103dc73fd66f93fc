"""Transfers outside the EU/EEA (DPA clause 6(4); GDPR Chapter V): which ground a sub-processor rests on.

A sub-processor in an EEA country needs none (``EEA_COUNTRIES``: the GDPR applies there through the EEA
Agreement); one elsewhere must name one of these, or the directory refuses it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from breach.directory.authorities.model import EEA_COUNTRIES


class TransferMechanism(StrEnum):
    # Art. 45: a Commission adequacy decision for the country (or sector, e.g. the EU-US Data Privacy Framework).
    ADEQUACY = "adequacy"
    # Art. 46(2)(c): the Commission's standard contractual clauses (Implementing Decision (EU) 2021/914).
    SCC = "scc"
    # Art. 46(2)(b) and 47: binding corporate rules approved by a supervisory authority.
    BCR = "bcr"
    # Art. 46(2)(e): an approved code of conduct with binding commitments of the importer.
    CODE_OF_CONDUCT = "code_of_conduct"
    # Art. 46(2)(f): an approved certification mechanism with binding commitments of the importer.
    CERTIFICATION = "certification"
    # Art. 49(1): a derogation for a specific situation; exceptional, never for repeated transfers
    # (EDPB Guidelines 2/2018), so the directory asks for its ground in the reference.
    DEROGATION = "derogation"


# Mechanisms whose ground the directory must name in ``transfer_reference`` (which decision, which module,
# which derogation): without it nobody can check the transfer.
NEEDS_REFERENCE: Final = frozenset({TransferMechanism.ADEQUACY, TransferMechanism.DEROGATION})


def inside_eea(country: str) -> bool:
    return country in EEA_COUNTRIES
