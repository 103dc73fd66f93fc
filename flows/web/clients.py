"""Who the client is: the connection's peer, or, only when that peer is one of our configured proxies, the
address our proxies say they received the request from.

``X-Forwarded-For`` is written by whoever sends the request. Uvicorn trusted it from loopback by default,
so rotating it from the same machine escaped the failed-authentication limit (issue 15, finding 8). Here it
is read only when the peer is in ``BREACH_TRUSTED_PROXIES`` (empty by default: never), and then from the
right: each proxy appends the address it received the request from, so the right-most address that is not
one of our proxies is the last one a proxy of ours vouches for; everything to its left is the client's own
claim. ``X-Forwarded-Proto`` from a trusted proxy sets the scheme (a session cookie is ``Secure`` over https).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Final

from starlette.types import ASGIApp, Receive, Scope, Send

from breach.errors import ConfigurationError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_FORWARDED_LENGTH: Final = 64  # an address, not a message: a longer claim is cut


def parse_proxies(text: str) -> tuple[Network, ...]:
    """``BREACH_TRUSTED_PROXIES``: addresses or networks, separated by commas or spaces."""
    networks: list[Network] = []
    for entry in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            shown = entry[:MAX_FORWARDED_LENGTH]
            raise ConfigurationError(
                f"BREACH_TRUSTED_PROXIES: {shown!r} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)"
            ) from None
    return tuple(networks)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in proxies)


def client_address(peer: str, forwarded_for: Iterable[str], proxies: Sequence[Network]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy; then the right-most address of the
    ``X-Forwarded-For`` values (in the order received) that is not a trusted proxy, or the left-most when
    every one is."""
    if not proxies or not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    if not hops:
        return peer
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:MAX_FORWARDED_LENGTH]
    return hops[0][:MAX_FORWARDED_LENGTH]


class ClientAddress:
    """Sets the request's client (and, behind a trusted proxy, its scheme) before any route reads them."""

    def __init__(self, app: ASGIApp, *, proxies: Sequence[Network]) -> None:
        self.app = app
        self.proxies = tuple(proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.proxies:
            client = scope.get("client")
            peer = client[0] if client else ""
            if _trusted(peer, self.proxies):
                headers = scope["headers"]
                forwarded = [v.decode("latin-1") for k, v in headers if k == b"x-forwarded-for"]
                scope = dict(scope)
                scope["client"] = (client_address(peer, forwarded, self.proxies), client[1] if client else 0)
                proto = [
                    v.decode("latin-1").split(",")[-1].strip().lower() for k, v in headers if k == b"x-forwarded-proto"
                ]
                if proto and proto[-1] in {"http", "https"}:
                    scope["scheme"] = proto[-1]
        await self.app(scope, receive, send)
