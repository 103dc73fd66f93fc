"""The persistent model: SQLModel tables, one family per entity (DESIGN.md habit 4), a module per family.

Ids are UUIDs minted in Python. Instants use ``UTCDateTime`` and enums ``EnumText`` (see
``breach.db.columns`` for why). JSON columns are not change-tracked: code reassigns them, never mutates.
The audit log holds ids, types, actors and hashes, never personal data, so retention never touches it.

Importing this package registers every table on ``SQLModel.metadata`` (Alembic's env.py and the schema need
all of them, and a foreign key names its table by string). Code imports a table from its family's module;
the names below are re-exported for the modules still being edited during the move of issue 16.
"""

from __future__ import annotations

from breach.db.models.access import ApiKey, ApiRole, IdempotencyRecord
from breach.db.models.audit import AuditEvent, AuditHead
from breach.db.models.chain import Subprocessor, SubprocessorNotice, SubprocessorService
from breach.db.models.communications import Communication, CommunicationRecipient, Instruction
from breach.db.models.directory import Contact, Customer, CustomerBase, CustomerService, Service
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident, IncidentService
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from breach.db.models.support import ConsultationEvent, ConsultationRequest, SupportTask, TaskTimeEntry

__all__ = [
    "ApiKey",
    "ApiRole",
    "AuditEvent",
    "AuditHead",
    "CaseReport",
    "Communication",
    "CommunicationRecipient",
    "ConsultationEvent",
    "ConsultationRequest",
    "Contact",
    "ControllerCase",
    "Customer",
    "CustomerBase",
    "CustomerService",
    "Deadline",
    "DeliveryAttempt",
    "IdempotencyRecord",
    "Incident",
    "IncidentService",
    "Instruction",
    "Notice",
    "SentMessage",
    "Service",
    "Subprocessor",
    "SubprocessorNotice",
    "SubprocessorService",
    "SupportTask",
    "TaskTimeEntry",
]
