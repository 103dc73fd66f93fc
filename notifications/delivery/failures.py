"""What a failed try means for the receiver: nothing arrived, or it may hold the message.

Two answers decide what follows a failure (``breach.errors.DeliveryError``): ``refused`` (nothing could
have arrived: connection refused, no such host, no route, a connect timeout, a TLS handshake refused;
``notifications.delivery.retries`` moves to the next contact at once) and ``may_have_arrived`` (the request left
and no answer came: a read timeout, a connection reset or closed mid-answer, Apprise giving up on a target
it abandons still running; the next try is flagged a possible duplicate). A receiver that answered with an
error status said it did not take the message: neither.

Webhooks are classified from the ``requests`` exception itself (``notifications.channels.webhook`` keeps it).
Other schemes are classified from the exception text Apprise's plugins log at debug level ("Socket
Exception: ..."), the only place Apprise reports it. Where that text says nothing we recognise, the answer
is ``may_have_arrived``: an unflagged repeat is the defect receivers cannot defend against (issue 15,
finding 4); a flagged message that was not a repeat costs them nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import requests

# Lower-case fragments of the errors that mean the connection was never made.
NOT_CONNECTED: Final = (
    "connection refused",
    "errno 111",
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "failed to resolve",
    "nameresolutionerror",
    "no route to host",
    "network is unreachable",
    "newconnectionerror",
    "failed to establish a new connection",
    "connecttimeouterror",
    "connect timeout",
    "certificate verify failed",
)


@dataclass(frozen=True, slots=True)
class Meaning:
    refused: bool = False
    may_have_arrived: bool = False


REFUSED: Final = Meaning(refused=True)
UNKNOWN: Final = Meaning(may_have_arrived=True)
ANSWERED: Final = Meaning()


def of_exception(exc: BaseException) -> Meaning:
    """A ``requests`` failure: a connect-phase error is refused, anything after it may have arrived."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return REFUSED
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return UNKNOWN
    if isinstance(exc, requests.exceptions.ConnectionError):
        # urllib3 wraps a failed connect in NewConnectionError / NameResolutionError; a connection that
        # broke after the request was written is a ProtocolError ("Connection aborted.").
        return of_text(repr(exc))
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return REFUSED
    return UNKNOWN


def of_text(text: str) -> Meaning:
    """A failure as a plugin logged it: refused when the text shows the connection was never made."""
    lowered = text.lower()
    if any(fragment in lowered for fragment in NOT_CONNECTED):
        return REFUSED
    return UNKNOWN


def of_log(captured: str) -> Meaning:
    """The failure an Apprise plugin logged: its "Socket Exception" line, else a receiver that answered."""
    exceptions = [line for line in captured.splitlines() if "Socket Exception" in line or "Exception:" in line]
    if exceptions:
        return of_text(" ".join(exceptions))
    if "error=" in captured.lower() or "response" in captured.lower():
        # An HTTP plugin logs the status a receiver answered with: it said it did not take the message.
        return ANSWERED
    return UNKNOWN
