"""The customer principal: customer routes act for a key bound to a customer, and refuse any other key in the
API's one error shape."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlmodel import Session

from breach.clock import FixedClock
from breach.db.models.access import ApiRole
from flows.settings import Settings
from flows.usecases.support_packs import sender_of
from flows.web.api.auth import Api
from flows.web.api.errors import ApiError
from flows.web.api_keys import CustomerPrincipal, FailureLimiter, Principal, customer_of
from tests.api.support import World

CUSTOMER = UUID(int=42)


def _principal(role: ApiRole, customer_id: UUID | None) -> Principal:
    return Principal(UUID(int=1), "abcdefgh", role, "Jan Peeters", customer_id)


def _api() -> Api:
    def no_database() -> AbstractContextManager[Session]:
        raise AssertionError("the dependency reads nothing: the principal is given")

    settings = Settings(database_url="sqlite://", processor_name="Example Cloud Services BV", dpo_name="Dana Example")
    return Api(
        unit_of_work=no_database,
        clock=FixedClock(datetime(2026, 3, 27, tzinfo=UTC)),
        limiter=FailureLimiter(),
        deliver=lambda _incident: "background",
        sender=sender_of(settings),
    )


def test_a_customer_key_becomes_its_customers_principal() -> None:
    """A customer key's principal keeps its key, holder and actor, with its customer known."""
    principal = _principal(ApiRole.CUSTOMER, CUSTOMER)
    customer = customer_of(principal)
    assert customer == CustomerPrincipal(principal.key_id, principal.prefix, principal.holder, CUSTOMER)
    assert customer.actor == principal.actor


@pytest.mark.parametrize(
    ("role", "customer_id"),
    [(ApiRole.SECURITY, None), (ApiRole.DPO, None), (ApiRole.DPO, CUSTOMER), (ApiRole.CUSTOMER, None)],
)
def test_no_other_key_is_a_customer(role: ApiRole, customer_id: UUID | None) -> None:
    """Staff keys, and a customer key bound to no customer (never made, never trusted), are no customer."""
    assert customer_of(_principal(role, customer_id)) is None


def test_a_customer_key_bound_to_no_customer_is_refused_403() -> None:
    """The customer routes' dependency refuses such a key with 403, naming the field and the role."""
    dependency = _api().customer()
    with pytest.raises(ApiError) as refused:
        dependency(principal=_principal(ApiRole.CUSTOMER, None))
    assert (refused.value.status, refused.value.field, refused.value.value) == (403, "Authorization", "customer")
    assert dependency(principal=_principal(ApiRole.CUSTOMER, CUSTOMER)).customer_id == CUSTOMER


@pytest.mark.parametrize("role", ["security", "dpo"])
def test_staff_keys_on_customer_routes_are_refused_in_the_error_shape(world: World, role: str) -> None:
    """Our own staff's keys cannot read a customer's cases: 403 with the one error body, naming their role."""
    answer = world.client.get("/me/cases", headers=world.auth(role))
    assert answer.status_code == 403
    assert answer.json() == {
        "error": {"field": "Authorization", "value": role, "problem": "this needs a key of role customer"}
    }
