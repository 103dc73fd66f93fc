"""The supervisory authorities of the EEA as data, and which of them fits a customer (GDPR Art. 51, 55, 56).

``model`` (what a row holds, the kinds of body), ``competence`` (whom each kind of authority supervises, with
its legal source), the tables ``national``, ``germany`` and ``regional``, ``lookup`` (by id) and ``fit``.
"""

from breach.directory.authorities.fit import fits, fitting_instead, misfit
from breach.directory.authorities.lookup import AUTHORITIES, authority, unknown_reason
from breach.directory.authorities.model import Authority, Body, Competence

__all__ = [
    "AUTHORITIES",
    "Authority",
    "Body",
    "Competence",
    "authority",
    "fits",
    "fitting_instead",
    "misfit",
    "unknown_reason",
]
