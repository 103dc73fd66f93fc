"""Every supervisory authority the directory may name, by its stable id (GDPR Art. 51, 55, 56).

Ids are stable and used in the directory files: the country code, then the authority's usual short name,
then for a German Land or a Spanish community its region's code. ``languages`` are the languages a
notification may be filed in; the first is the default for drafts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from breach.directory.authorities.germany import LAND_AUTHORITIES
from breach.directory.authorities.model import Authority
from breach.directory.authorities.national import NATIONAL_AUTHORITIES
from breach.directory.authorities.regional import REGIONAL_AUTHORITIES
from breach.errors import UnknownValue

AUTHORITIES: Final[Mapping[str, Authority]] = {
    a.id: a for a in (*NATIONAL_AUTHORITIES, *LAND_AUTHORITIES, *REGIONAL_AUTHORITIES)
}


def authority(authority_id: str, *, field: str = "authority") -> Authority:
    try:
        return AUTHORITIES[authority_id]
    except KeyError:
        raise UnknownValue(field, authority_id, unknown_reason()) from None


def unknown_reason() -> str:
    """What an unknown id is told: the ids are too many to list, so where to find them."""
    return (
        f"unknown supervisory authority ({len(AUTHORITIES)} known, such as BE-GBA, DE-NW, FR-CNIL; "
        "`breach customers authorities` lists them)"
    )
