"""What flows, the CLI and the API share at run time: who we are, the channel, the clock, the policy."""

from __future__ import annotations

from breach.clock import SystemClock
from flows.settings import Settings, get_settings
from notifications.channels import AppriseChannel
from notifications.context import Person, Sender
from notifications.delivery import RetryPolicy

clock = SystemClock()
# Hundreds of customers per Prefect task (DESIGN.md section 4: a task per customer stalls Prefect's server).
BATCH_SIZE = 250


def sender(settings: Settings | None = None) -> Sender:
    s = settings or get_settings()
    return Sender(
        processor_name=s.processor_name,
        dpo=Person(name=s.dpo_name, email=s.dpo_email, phone=s.dpo_phone),
        security_lead=Person(name=s.security_lead_name, email=s.security_lead_email),
        public_url=s.public_url,
    )


def channel() -> AppriseChannel:
    return AppriseChannel(timeout=30.0)


def policy() -> RetryPolicy:
    return RetryPolicy()
