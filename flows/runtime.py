"""What flows, the CLI and the API share at run time: who we are, the channel, the clock, the policy."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import timedelta
from uuid import UUID

from breach.clock import SystemClock
from breach.vocabulary import Language
from flows import db
from flows.settings import Settings, get_settings
from notifications import ack
from notifications.channels.channel import AppriseChannel
from notifications.context.build import Person, Sender
from notifications.delivery.sender import BatchCounts, InternalRoute, LinkMaker, RetryPolicy, deliver_batch

clock = SystemClock()


def batch_size(settings: Settings | None = None) -> int:
    """Hundreds of customers per Prefect task (DESIGN.md section 4: a task per customer stalls its server)."""
    return (settings or get_settings()).batch_size


def batches_in_flight(settings: Settings | None = None) -> int:
    """Batches delivered at once by ``handle_incident``: one renders and sends while another settles."""
    return (settings or get_settings()).batches_in_flight


def sender(settings: Settings | None = None) -> Sender:
    s = settings or get_settings()
    return Sender(
        processor_name=s.processor_name,
        dpo=Person(name=s.dpo_name, email=s.dpo_email, phone=s.dpo_phone),
        security_lead=Person(name=s.security_lead_name, email=s.security_lead_email),
        public_url=s.public_url,
    )


def internal_route(settings: Settings | None = None) -> InternalRoute:
    s = settings or get_settings()
    urls = tuple(u for u in s.dpo_alert_urls.get_secret_value().replace(",", " ").split() if u)
    return InternalRoute(urls=urls, language=s.dpo_language, timezone=s.dpo_timezone)


def internal_language(settings: Settings | None = None) -> Language:
    return Language((settings or get_settings()).dpo_language)


def links(settings: Settings | None = None) -> LinkMaker | None:
    """The signed acknowledgement link of each notice (``notifications.ack``); None without BREACH_ACK_SECRET."""
    s = settings or get_settings()
    secret = s.ack_secret.get_secret_value()
    if not secret:
        return None
    return ack.link_maker(base_url=s.public_url, secret=secret, clock=clock)


def channel(settings: Settings | None = None) -> AppriseChannel:
    s = settings or get_settings()
    return AppriseChannel(connect_timeout=s.send_connect_timeout_seconds, read_timeout=s.send_read_timeout_seconds)


def render_processes(settings: Settings | None = None) -> int:
    """Render workers beside the sending process: the setting, or one per core beyond the first (at most 4)."""
    configured = (settings or get_settings()).render_processes
    if configured is not None:
        return configured
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(max(cores - 1, 0), 4)


def policy(settings: Settings | None = None) -> RetryPolicy:
    s = settings or get_settings()
    return RetryPolicy(
        lease=timedelta(seconds=s.send_lease_seconds),
        concurrency=s.send_concurrency,
        render_processes=render_processes(s),
    )


def deliver(
    *,
    limit: int,
    incident_id: UUID | None = None,
    notice_ids: Sequence[UUID] | None = None,
    straggle_after: float | None = None,
    straggle_group: str = "",
) -> BatchCounts:
    """One ``deliver_batch`` as configured: our channel, sender, clock, policy, DPO route and links.

    The flows, ``breach outbox run`` and the CLI's follow-ups deliver alike, whoever starts the batch;
    ``straggle_after``: ``handle_incident`` lets a batch's slow sends settle in the background.
    """
    return deliver_batch(
        unit_of_work=db.unit_of_work,
        channel=channel(),
        sender=sender(),
        clock=clock,
        limit=limit,
        policy=policy(),
        incident_id=incident_id,
        notice_ids=notice_ids,
        internal=internal_route(),
        links=links(),
        straggle_after=straggle_after,
        straggle_group=straggle_group,
    )
