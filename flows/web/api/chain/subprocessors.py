"""``GET /me/subprocessors``: the sub-processors behind the services a customer uses (DPA clause 6(2)), with
the transfer ground outside the EU/EEA in the customer's language (keys of role customer)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from breach.db.models.directory import Customer
from flows.usecases.chain.views import for_customer
from flows.web.api.auth import Api
from flows.web.api.params import resource_router
from flows.web.api_keys import CustomerPrincipal


class MySubprocessor(BaseModel):
    name: str
    country: str
    country_name: str
    agreement_date: date
    services: list[str]
    transfer_mechanism: str | None
    transfer: str | None
    transfer_reference: str


def router(api: Api) -> APIRouter:
    customer = Depends(api.customer())
    r = resource_router()

    @r.get("/me/subprocessors", tags=["customers"])
    def my_subprocessors(who: CustomerPrincipal = customer) -> list[MySubprocessor]:
        """Our sub-processors behind this customer's services, by name; texts in the customer's language."""
        with api.work(who) as session:
            row = session.get(Customer, who.customer_id)
            language = row.language.value if row else "en"
            views = for_customer(who.customer_id, language, session=session)
        return [
            MySubprocessor(
                name=v.name,
                country=v.country,
                country_name=v.country_name,
                agreement_date=v.agreement_date,
                services=list(v.services),
                transfer_mechanism=v.transfer_mechanism,
                transfer=v.transfer,
                transfer_reference=v.transfer_reference,
            )
            for v in views
        ]

    return r
