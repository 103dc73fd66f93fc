"""Whom each kind of supervisory authority supervises, with the provision that says so (the fit rules' table).

A controller answers to the authority of its main establishment (GDPR Art. 56(1)), which may be in another
country than the one it is in; within a country, the law that designates several authorities (Art. 51(1),
(3)) splits them by the kind of body and by region. These rows are that split; ``fit`` applies them.
"""

from __future__ import annotations

from typing import Final

from breach.directory.authorities.model import ALL_BODIES, Body, Competence

NATIONAL: Final = Competence(
    ALL_BODIES,
    "GDPR Art. 51(1), 55(1): the supervisory authority of its Member State",
)

# Germany: BDSG § 9(1) gives the federal commissioner the public bodies of the federation; TDDDG § 29 and
# the postal act give it the providers of telecommunications and postal services.
GERMAN_FEDERAL: Final = Competence(
    frozenset({Body.FEDERAL}),
    "BDSG § 9(1), TDDDG § 29 and the postal act",
    telecom=True,
    description="public bodies of the federation and providers of telecommunications or postal services",
)
# BDSG § 40(1): the Land authorities supervise private bodies; each Land's data protection act gives its
# authority the Land's public bodies.
GERMAN_LAND: Final = Competence(
    frozenset({Body.PRIVATE, Body.PUBLIC}),
    "BDSG § 40(1) and the Land's data protection act",
    description="private bodies established in the Land and the Land's public bodies",
)
# Bavaria alone splits the two: the Landesamt for private bodies, the Landesbeauftragte for public ones.
BAVARIA_PRIVATE: Final = Competence(
    frozenset({Body.PRIVATE}),
    "BDSG § 40(1), BayDSG Art. 18",
    description="private bodies established in Bavaria",
)
BAVARIA_PUBLIC: Final = Competence(
    frozenset({Body.PUBLIC}),
    "BayDSG Art. 15",
    description="Bavarian public bodies",
)

# Spain: LOPDGDD Art. 57(1) gives a regional authority the processing of the public bodies of its autonomous
# community (and of private ones only when they exercise public functions there); the AEPD has the rest.
SPANISH_REGIONAL: Final = Competence(
    frozenset({Body.PUBLIC}),
    "LOPDGDD Art. 57(1)",
    description="public bodies of its autonomous community",
)

# Belgium: the GBA / APD is the general authority (law of 3 December 2017); the VTC supervises Flemish public
# bodies (decree of 8 June 2018), the COC the police services (law of 30 July 2018, title 7).
FLEMISH_PUBLIC: Final = Competence(
    frozenset({Body.PUBLIC}),
    "Flemish decree of 8 June 2018",
    description="Flemish public bodies",
)
# The federal police and the local police zones alike.
BELGIAN_POLICE: Final = Competence(
    frozenset({Body.PUBLIC, Body.FEDERAL}),
    "law of 30 July 2018, title 7",
    description="police services",
)
