"""Delivery after the API has answered: a confirmation, dismissal or new facts queue notices, and this
sends them without holding the request (DESIGN.md section 4: a worker poll would miss the first-notice
target)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal
from uuid import UUID

from flows.settings import get_settings

log = logging.getLogger(__name__)

Deliver = Callable[[UUID], Literal["background", "prefect"]]


class BackgroundDelivery:
    """Delivers an incident's due notices after the answer has left: in a thread here, or on Prefect's pool."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="breach-delivery")

    def __call__(self, incident_id: UUID) -> Literal["background", "prefect"]:
        if not os.environ.get("PREFECT_API_URL"):
            self._pool.submit(self._here, incident_id)
            return "background"
        if get_settings().api_delivery == "pool":
            self._pool.submit(self._prefect, incident_id)
        else:
            self._pool.submit(self._flow_here, incident_id)
        return "prefect"

    def close(self) -> None:
        """Wait for the deliveries in flight (Python also waits for them at exit: none is cut off)."""
        self._pool.shutdown(wait=True)

    @staticmethod
    def _here(incident_id: UUID) -> None:
        from flows.outbox_service import deliver_due  # noqa: PLC0415  (Apprise is loaded on first delivery)

        try:
            deliver_due(incident_id=incident_id)
        except Exception:  # the notices stay pending, listed by `breach outbox list`; the watchdog retries
            log.exception("delivery of incident %s stopped; its notices stay queued", incident_id)

    @staticmethod
    def _flow_here(incident_id: UUID) -> None:
        from flows.incident_flow import handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

        try:
            handle_incident(incident_id)
        except Exception:  # as above: the notices stay queued for the watchdog
            log.exception("delivery of incident %s stopped; its notices stay queued", incident_id)

    @staticmethod
    def _prefect(incident_id: UUID) -> None:
        from flows.deployments import submit_handle_incident  # noqa: PLC0415  (Prefect costs seconds to import)

        try:
            submit_handle_incident(incident_id)
        except Exception:  # as above: the notices stay queued for the watchdog
            log.exception("handing incident %s to the work pool failed; its notices stay queued", incident_id)
