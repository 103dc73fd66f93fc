"""Whether an authority can be the one a customer answers to, and which would be instead.

The rule is each authority's ``Competence`` (the table in ``competence``, with its legal source): the kinds
of body it supervises, and whether it takes providers of telecommunications or postal services whatever
they are. An authority of another country is no misfit: a controller answers to the authority of its main
establishment (GDPR Art. 56(1)), and we do not record where that is.
"""

from __future__ import annotations

from breach.directory.authorities.lookup import AUTHORITIES
from breach.directory.authorities.model import Authority, Body


def fits(authority: Authority, *, body: Body, telecom_provider: bool) -> bool:
    competence = authority.competence
    return body in competence.bodies or (telecom_provider and competence.telecom)


def misfit(authority: Authority, *, body: Body, telecom_provider: bool) -> str | None:
    """Why ``authority`` does not supervise such a customer, naming those that would; None when it does."""
    if fits(authority, body=body, telecom_provider=telecom_provider):
        return None
    competence = authority.competence
    reason = f"{authority.id} supervises {competence.description} ({competence.source}), not a {body.value} body"
    instead = fitting_instead(authority, body=body, telecom_provider=telecom_provider)
    if instead:
        reason += f"; for a {body.value} body: {', '.join(a.id for a in instead)}"
    would = [f"body: {b.value}" for b in sorted(competence.bodies)]
    if competence.telecom and not telecom_provider:
        would.append("telecom_provider: true")
    return f"{reason} (or, if the customer is one, set {' or '.join(would)})"


def fitting_instead(authority: Authority, *, body: Body, telecom_provider: bool) -> tuple[Authority, ...]:
    """The authorities of the same country that would fit: of the same region where one does (Bavaria's
    other authority), else the national one (the AEPD for a private company in Catalonia), else all that
    do (the Land authorities, for a private company named with the BfDI)."""
    same_country = [
        a
        for a in AUTHORITIES.values()
        if a.country == authority.country and fits(a, body=body, telecom_provider=telecom_provider)
    ]
    for narrowed in (
        [a for a in same_country if authority.region is not None and a.region == authority.region],
        [a for a in same_country if a.region is None],
        same_country,
    ):
        if narrowed:
            return tuple(narrowed)
    return ()
