"""The API routes' shared parts (``Api``): the database, the clock, the failed-authentication limiter, the
deliverer and the sender; the bearer-key check, the staff role dependency (``role``) and the customer one
(``customer``, yielding a ``CustomerPrincipal``); the request's unit of work."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from breach.clock import Clock
from breach.db.models.access import ApiRole
from flows.web import api_keys
from flows.web.api.delivery import Deliver
from flows.web.api.errors import ApiError
from flows.web.api_keys import CustomerPrincipal, FailureLimiter, Principal, customer_of
from notifications.context.build import Sender

UnitOfWork = Callable[[], AbstractContextManager[Session]]

_bearer = HTTPBearer(auto_error=False, description="An API key made with `breach keys create`.")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class Api:
    """The routes' shared parts: the database, the clock, the failure limiter, the deliverer, and the sender
    named in the support packs (our DPO, our name: ``flows.usecases.support_packs.sender_of``)."""

    def __init__(
        self,
        *,
        unit_of_work: UnitOfWork,
        clock: Clock,
        limiter: FailureLimiter,
        deliver: Deliver,
        sender: Sender,
    ) -> None:
        self.uow = unit_of_work
        self.clock = clock
        self.limiter = limiter
        self.deliver = deliver
        self.sender = sender

    def authenticate(self, request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
        principal = None
        if credentials is not None:
            with self.uow() as session:
                principal = api_keys.authenticate(credentials.credentials, session=session)
        if principal is not None:
            # A valid key passes whatever its address's count: keys are 256 random bits, so the limit is not
            # what stops guessing; it slows scanners and bounds their noise. Refusing valid keys too would let
            # anyone sharing an address with a client (a NAT, the same proxy) lock that client out.
            return principal
        client = _client(request)
        wait = self.limiter.retry_after(client)
        if wait is not None:
            problem = f"too many failed authentications from this address; retry in {wait} s"
            raise ApiError(429, "Authorization", None, problem, {"Retry-After": str(wait)})
        self.limiter.fail(client)
        problem = (
            "a valid API key is required: Authorization: Bearer brk_…"
            if credentials is None
            else ("unknown or revoked API key")
        )
        raise ApiError(401, "Authorization", None, problem, {"WWW-Authenticate": "Bearer"})

    def role(self, *roles: ApiRole) -> Callable[..., Principal]:
        def dependency(
            request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
        ) -> Principal:
            principal = self.authenticate(request, credentials)
            if principal.role not in roles:
                allowed = ", ".join(r.value for r in roles)
                raise ApiError(403, "Authorization", principal.role.value, f"this needs a key of role {allowed}")
            return principal

        return dependency

    def customer(self) -> Callable[..., CustomerPrincipal]:
        """The dependency of a customer route: the key's principal with its customer, or the refusal ``role``
        gives any other key (403 in the API's error shape)."""
        of_role = Depends(self.role(ApiRole.CUSTOMER))

        def dependency(principal: Principal = of_role) -> CustomerPrincipal:
            customer = customer_of(principal)
            if customer is None:
                raise ApiError(403, "Authorization", principal.role.value, "this needs a key bound to a customer")
            return customer

        return dependency

    def work(self, who: Principal | CustomerPrincipal) -> AbstractContextManager[Session]:
        """The request's unit of work, noting the key's use inside it."""
        return _Work(self, who)


class _Work(AbstractContextManager[Session]):
    def __init__(self, api: Api, who: Principal | CustomerPrincipal) -> None:
        self._cm = api.uow()
        self._api = api
        self._who = who

    def __enter__(self) -> Session:
        session = self._cm.__enter__()
        api_keys.touch(self._who, session=session, now=self._api.clock.now())
        return session

    def __exit__(self, *exc: Any) -> bool | None:
        return self._cm.__exit__(*exc)
