"""What flows, the CLI and the API share at run time: who we are, the channel, the clock, the policy."""

from __future__ import annotations

from datetime import timedelta

from breach.clock import SystemClock
from breach.vocabulary import Language
from flows.settings import Settings, get_settings
from notifications import ack
from notifications.channels import AppriseChannel
from notifications.context import Person, Sender
from notifications.delivery import InternalRoute, LinkMaker, RetryPolicy

clock = SystemClock()


def batch_size(settings: Settings | None = None) -> int:
    """Hundreds of customers per Prefect task (DESIGN.md section 4: a task per customer stalls its server)."""
    return (settings or get_settings()).batch_size


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


def channel() -> AppriseChannel:
    return AppriseChannel(timeout=30.0)


def policy(settings: Settings | None = None) -> RetryPolicy:
    s = settings or get_settings()
    return RetryPolicy(lease=timedelta(seconds=s.send_lease_seconds), concurrency=s.send_concurrency)
