"""Whether our own alerts can reach anyone: ``BREACH_DPO_ALERT_URLS`` set, and every URL usable by Apprise.

Every alert that a customer is unreached, a deadline is near or a notice failed goes there. Without it the
engine retries for ever and nobody phones the customer (issue 15), so an engine without a working alert
channel says so when it starts, not only when an alert fails:

- ``breach check`` exits 1 and says what is wrong (a doctor command for deployment scripts and CI);
- every ``breach`` command that delivers (confirm, outbox run, warn, withdraw, close, security-notice,
  facts), ``breach serve`` and ``make serve`` print a warning on stderr before they start;
- the watchdog logs a warning on each run, which Prefect shows on the flow run.

The check reads the URLs but never shows them: they may hold tokens; only their scheme and position are named.
"""

from __future__ import annotations

from collections.abc import Sequence

from notifications.channels.contacts import check_contact

VARIABLE = "BREACH_DPO_ALERT_URLS"


def problems(urls: Sequence[str]) -> list[str]:
    """What is wrong with the alert channel (empty: nothing), each named without the URL itself."""
    if not urls:
        return [f"{VARIABLE} is empty: alerts about unreached customers, failed notices and deadlines reach nobody"]
    found = []
    for position, url in enumerate(urls, start=1):
        try:
            check_contact(url)
        except ValueError as exc:
            found.append(f"{VARIABLE}: URL {position} is not usable: {exc}")
    return found


def warning(urls: Sequence[str]) -> str | None:
    """One line for stderr, or ``None`` when the channel looks usable."""
    found = problems(urls)
    if not found:
        return None
    return "warning: no working alert channel: " + "; ".join(found) + " (see `breach check`)"
