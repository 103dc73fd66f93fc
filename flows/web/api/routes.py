"""The HTTP API (``breach serve``, beside the acknowledgement pages): thin, over the CLI's own use cases.

Our security tools open incidents; our staff confirm, dismiss, record facts and override with their own
keys; customers follow their cases and report what they did. One ``APIRouter`` per resource area (the
modules named in the table), composed here in the order the OpenAPI document lists them. Every route
authenticates a bearer key (``flows.web.api_keys``), checks its role (``Api.role``; a customer route takes a
``CustomerPrincipal`` from ``Api.customer``), and runs one unit of work: the use case, its audit event naming the
key's holder and prefix, and the key's last use commit together, and a refusal writes nothing.

==========================================  ================  ============================================
route (router module)                       roles             use case
==========================================  ================  ============================================
``incidents``
POST /incidents                             security, dpo     flows.usecases.intake.open_incident
GET  /incidents, /incidents/{ref}           security, dpo     (read)
``decisions``
POST /incidents/{ref}/facts                 security, dpo     flows.usecases.facts.record_facts
POST /incidents/{ref}/confirm               security, dpo     flows.usecases.intake.confirm_incident, 202
POST /incidents/{ref}/dismiss               security, dpo     flows.usecases.intake.dismiss_incident
POST /incidents/{ref}/override              dpo               flows.usecases.facts.override_risk
``nis2.routes`` (issue 20)
POST /incidents/{ref}/nis2/assess           security, dpo     flows.usecases.nis2.assess.assess_incident
POST /incidents/{ref}/nis2/override         dpo               flows.usecases.nis2.assess.override_significance
``cases``
GET  /me/cases, /me/cases/{id}              customer          (read; its own cases only)
POST /me/cases/{id}/reports                 customer          breach.incidents.reports.record_event
POST /me/cases/{id}/notices/{n}/acknowledge customer          notifications.ack.acknowledge
``packs``
GET  /me/cases/{id}/evidence                customer          flows.evidence.build_pack (a zip)
GET  /me/cases/{id}/packs/{kind}            customer          flows.usecases.support_packs.case_pack (md, html, json)
``chain.subprocessors`` (issue 21)
GET  /me/subprocessors                      customer          flows.usecases.chain.views.for_customer (read)
``chain.objections`` (issue 21)
GET  /me/subprocessor-changes               customer          flows.usecases.chain.objections.for_customer (read)
POST /me/subprocessor-changes/{ref}/objection customer        flows.usecases.chain.objections.object_to, 201
``chain.intake`` (issue 21)
POST /intake/notices                        subprocessor      flows.usecases.chain.intake.take_in, 201
POST /incidents/{ref}/intake/accept         security, dpo     flows.usecases.chain.updates.accept
``communications.requests`` (issue 22)
POST /requests                              security, dpo     flows.usecases.communications.requests, 201
``communications.instructions`` (issue 22)
POST /instructions                          security, dpo     flows.usecases.communications.instructions, 201
POST /instructions/{ref}/concern            dpo               flows.usecases.communications.instructions
GET  /me/instructions                       customer          (read; its own instructions only)
POST /me/instructions/{ref}/answer          customer          flows.usecases.communications.instructions
GET  /me/communications                     customer          flows.usecases.communications.views (read)
POST /me/communications/{key}/acknowledge   customer          notifications.ack.acknowledge (its own only)
==========================================  ================  ============================================

Refusals are JSON ``{"error": {"field", "value", "problem"}}``: 401 no or a bad key, 403 a role that may
not, 404 unknown (also another customer's case: existence does not leak), 409 a conflict (already
acknowledged, a contradicting report, an illegal transition), 413 a body over 1 MiB (counted as it streams,
before the key is checked: ``flows.web.limits``), 422 invalid input (text that is not Unicode included:
``flows.web.api.text``), 429 a failed authentication from an address past its limit, where a valid key still
passes (``flows.web.api.errors``, ``flows.web.api.auth``). What a customer does with its case is shared with the
portal (``flows.web.api.customer``).

After confirm, dismiss and facts, the queued notices are delivered without holding the request
(``flows.web.api.delivery``), in a
background thread of this server: as a ``handle_incident`` flow run where ``PREFECT_API_URL`` is set (the
DPO sees it in Prefect's dashboard), otherwise by ``flows.usecases.outbox.deliver_due``; or, with
``BREACH_API_DELIVERY=pool``, by the ``handle_incident`` deployment on the work pool (a worker polls before
it starts: seconds later). A delivery that fails leaves its notices pending, visible in ``breach outbox
list``, and the watchdog retries them.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter

from flows.web.api import cases, decisions, incidents, packs
from flows.web.api.auth import Api
from flows.web.api.chain import intake as chain_intake
from flows.web.api.chain import objections as chain_objections
from flows.web.api.chain import subprocessors as chain_subprocessors
from flows.web.api.communications import instructions as communication_instructions
from flows.web.api.communications import requests as communication_requests
from flows.web.api.nis2 import routes as nis2_routes

MAX_BODY_BYTES: Final = 1 << 20


def router(api: Api) -> APIRouter:
    """Every API route: the resource areas' routers, in the order of the table above."""
    composed = APIRouter()
    for area in (
        incidents,
        decisions,
        nis2_routes,
        cases,
        packs,
        chain_subprocessors,
        chain_objections,
        chain_intake,
        communication_requests,
        communication_instructions,
    ):
        composed.include_router(area.router(api))
    return composed
