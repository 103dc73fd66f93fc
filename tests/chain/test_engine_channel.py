"""``breach://KEY@HOST/intake/notices``: another engine's intake as a contact (issue 21), through Apprise against a
real loopback receiver: the notice document posted with the key as a bearer token, every failure classified as
the outbox needs it, the URL validated on import and never shown with its key."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from breach.errors import DeliveryError
from notifications.channels.channel import AppriseChannel, Attachment, OutgoingMessage
from notifications.channels.contacts import check_contact, safe_display
from notifications.render.payload import FILENAME
from tests.servers import HttpSink, free_port, http_sink

KEY = "brk_" + "k" * 43
DOCUMENT = {
    "schema_version": "1.3",
    "notice_key": "BR-2026-0007.pass_on.1.abcd",
    "possible_duplicate": True,
    "kind": "pass_on",
    "reference": "BR-2026-0007",
}


def _message(document: dict[str, object] | None = DOCUMENT) -> OutgoingMessage:
    encoded = json.dumps(document).encode() if document is not None else None
    return OutgoingMessage(
        notice_key=str(DOCUMENT["notice_key"]),
        subject="Personal data breach to pass on",
        text="The notice as a person reads it.",
        attachments=(Attachment(FILENAME, encoded, "application/json"),) if encoded is not None else (),
        possible_duplicate=True,
        document=encoded,
    )


@pytest.fixture
def sink() -> Iterator[HttpSink]:
    with http_sink() as receiver:
        yield receiver


def _url(port: int) -> str:
    return f"breach://{KEY}@127.0.0.1:{port}/intake/notices"


def test_the_notice_document_arrives_with_our_key_as_bearer(sink: HttpSink) -> None:
    receipt = AppriseChannel(connect_timeout=2, read_timeout=2).send(_url(sink.port), _message())
    assert receipt.outcome.value == "success"
    [got] = sink.received
    assert got.path == "/intake/notices"
    assert got.headers["Authorization"] == f"Bearer {KEY}"
    assert got.headers["X-Breach-Notice-Key"] == DOCUMENT["notice_key"]
    assert got.headers["X-Breach-Possible-Duplicate"] == "yes"
    assert {k: got.body[k] for k in DOCUMENT} == DOCUMENT
    assert got.body["message"] == {
        "subject": "Personal data breach to pass on",
        "text": "The notice as a person reads it.",
    }


def test_an_error_status_is_an_answer_and_a_dead_port_is_refused(sink: HttpSink) -> None:
    sink.fail_next("500")
    with pytest.raises(DeliveryError) as answered:
        AppriseChannel(connect_timeout=2, read_timeout=2).send(_url(sink.port), _message())
    assert "breach engine" in answered.value.reason
    assert not answered.value.refused
    assert not answered.value.may_have_arrived
    assert KEY not in answered.value.reason
    with pytest.raises(DeliveryError) as refused:
        AppriseChannel(connect_timeout=2, read_timeout=2).send(_url(free_port()), _message())
    assert refused.value.refused
    assert KEY not in refused.value.reason


def test_a_stalled_receiver_may_hold_the_notice(sink: HttpSink) -> None:
    """The request left and no answer came: the next try is a flagged possible duplicate."""
    sink.stall_seconds = 2.0
    sink.fail_next("stall")
    with pytest.raises(DeliveryError) as stalled:
        AppriseChannel(connect_timeout=1, read_timeout=0.5).send(_url(sink.port), _message())
    assert stalled.value.may_have_arrived


def test_a_message_without_a_notice_document_is_not_sent(sink: HttpSink) -> None:
    """A contact check or a support pack: nothing another engine's intake reads."""
    with pytest.raises(DeliveryError) as refused:
        AppriseChannel(connect_timeout=2, read_timeout=2).send(_url(sink.port), _message(None))
    assert not refused.value.transient  # this contact leaves the notice's cycle: the next one gets it at once
    assert not refused.value.may_have_arrived
    assert sink.received == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("breach://127.0.0.1/intake/notices", "needs the key"),
        ("breach://secret@127.0.0.1/intake/notices", "needs the key"),
        (f"breach://{KEY}:pw@127.0.0.1/intake/notices", "needs the key"),
        (f"breach://{KEY}@127.0.0.1/hooks", "must end in /intake/notices"),
        (f"breachs://{KEY}@/intake/notices", "names no host"),
        (f"breach://{KEY}@engine.reseller.example.org/intake/notices", "loopback address only"),
        (f"breach://{KEY}@192.0.2.7:8766/intake/notices", "loopback address only"),
    ],
)
def test_a_bad_engine_url_is_refused_with_a_reason(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as refused:
        check_contact(url)
    assert KEY not in str(refused.value)


def test_the_key_is_never_shown() -> None:
    info = check_contact(f"breachs://{KEY}@engine.reseller.example.org/intake/notices")
    assert info.display == "breachs://engine.reseller.example.org/intake/notices"
    assert info.default_detail.value == "full"
    assert KEY not in safe_display(_url(8766))
