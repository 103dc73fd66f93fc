"""Real servers on loopback ports chosen at run time: an HTTP webhook sink and an SMTP sink.

The HTTP sink can be told to fail (status 500 or a stall past the client's timeout) a number of times
and then recover, so retries and fallbacks are tested against real sockets; or to hold a message it has
received without answering, so a test can kill the sender while the message is in flight; or, per path,
to answer slowly or hang (``path_modes``), as a slow or hung receiver among healthy ones does.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class HttpSink:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    # Each entry is consumed by one request: "ok", "500", "503", "429", "stall" or "hold" (recorded, then no
    # answer until ``release``: the sender cannot know the message arrived).
    script: list[str] = field(default_factory=list)
    stall_seconds: float = 3.0
    # Modes by request path, for every request to it (the script above is consumed in arrival order, which
    # concurrent senders do not fix): "slow" answers 200 after ``slow_seconds``, "hold" as above.
    path_modes: dict[str, str] = field(default_factory=dict)
    slow_seconds: float = 2.0
    # "503" and "429" answer busy, with this ``Retry-After`` header when set (seconds or an HTTP date).
    retry_after: str | None = None
    requests: int = 0
    holding: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def release(self) -> None:
        self.released.set()

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def keys(self) -> list[str]:
        return [r.headers.get("X-Breach-Notice-Key", "") for r in self.received]

    def fail_next(self, *modes: str) -> None:
        with self._lock:
            self.script.extend(modes)

    def _next_mode(self, path: str = "") -> str:
        with self._lock:
            self.requests += 1
            if path in self.path_modes:
                return self.path_modes[path]
            return self.script.pop(0) if self.script else "ok"


class _Server(ThreadingHTTPServer):
    # The standard backlog of 5 resets connections when a test opens dozens at once (CI, 2026-12-04).
    request_queue_size = 256


@contextmanager
def http_sink() -> Iterator[HttpSink]:
    sink = HttpSink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            mode = sink._next_mode(self.path)
            if mode == "slow":
                time.sleep(sink.slow_seconds)
            if mode == "hold":
                with sink._lock:
                    sink.received.append(Received(self.path, dict(self.headers.items()), json.loads(raw or b"{}")))
                sink.holding.set()
                sink.released.wait(timeout=300)
                self.close_connection = True
                return
            if mode == "stall":
                time.sleep(sink.stall_seconds)
            if mode in {"503", "429"}:
                self.send_response(int(mode))
                if sink.retry_after is not None:
                    self.send_header("Retry-After", sink.retry_after)
                self.end_headers()
                return
            if mode in {"500", "stall"}:
                self.send_response(500)
                self.end_headers()
                return
            with sink._lock:
                sink.received.append(Received(self.path, dict(self.headers.items()), json.loads(raw or b"{}")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = _Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    sink.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="http-sink", daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.release()
        server.shutdown()
        server.server_close()


@dataclass
class SmtpSink:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    def url(self, to: str = "privacy@customer.example.org") -> str:
        # No credentials: aiosmtpd refuses AUTH without TLS (DESIGN.md section 4).
        return f"mailto://127.0.0.1:{self.port}?to={to}&from=breach@cloud.example.org"


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  (aiosmtpd hook name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.sink.messages.append(message)
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = Controller(
        _Handler(sink), hostname="127.0.0.1", port=sink.port, auth_require_tls=False, auth_required=False
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
