"""The benchmarks' sink: a separate process on loopback that records the notice key of every message.

``python -m tests.bench.sink webhook`` (a threading HTTP server) or ``... smtp`` (aiosmtpd) prints one JSON
line with its ports, then serves until it is terminated. A control server on its own port answers
``GET /stats`` with the distinct notice keys, the extra copies, and the wall-clock times (``time.time()``)
of the first message and of the last new key, and ``POST /reset`` forgets everything. The key comes from
the ``X-Breach-Notice-Key`` header, as a receiver that drops repeats would read it.

It runs in a process of its own so that it never competes with the engine for the engine's GIL, and it
does as little as a receiver can (read the request, note the key, answer 200), so that it is never the
bottleneck of what is measured.

``--receivers realistic --seed S`` (webhook) makes each customer's receiver behave as
``tests.bench.receivers`` draws it: it answers after its delay, or reads the request and never answers
(until the sink stops), or answers 503 twice and then 200; refusing receivers are sent to ``refuse_port``,
a port bound but not listening, so their connections are refused. Requests to ``/dpo/...`` (our own
alerts) are counted apart, as ``dpo_messages``, and never count as a customer's notice.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.bench import receivers

KEY_HEADER = "X-Breach-Notice-Key"
MARK_EVERY = 500
# A hung receiver holds its connection this long (far past any sender's timeout), or until the sink stops.
HANG_SECONDS = 600.0


@dataclass
class Tally:
    """What arrived: each key with its number of copies, and when."""

    counts: dict[str, int] = field(default_factory=dict)
    messages: int = 0
    unkeyed: int = 0
    first_at: float | None = None
    last_new_at: float | None = None
    # Every MARK_EVERY-th new key: (distinct keys so far, when), to see the pace over a run.
    marks: list[tuple[int, float]] = field(default_factory=list)
    dpo_messages: int = 0
    # New keys from receivers that answered 200 the first time they were asked, and when the last came:
    # what the sending alone costs, without the retry policy's waits.
    steady: int = 0
    last_steady_at: float | None = None
    # 503s answered so far, by path (a flaky receiver answers 503 twice, then 200).
    refusals: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, key: str | None, *, steady: bool = True) -> None:
        now = time.time()
        with self.lock:
            self.messages += 1
            if self.first_at is None:
                self.first_at = now
            if not key:
                self.unkeyed += 1
                return
            seen = self.counts.get(key, 0)
            self.counts[key] = seen + 1
            if not seen:
                self.last_new_at = now
                if steady:
                    self.steady += 1
                    self.last_steady_at = now
                if len(self.counts) % MARK_EVERY == 0:
                    self.marks.append((len(self.counts), now))

    def stats(self) -> dict[str, Any]:
        with self.lock:
            distinct = len(self.counts)
            return {
                "distinct": distinct,
                "messages": self.messages,
                "duplicates": self.messages - self.unkeyed - distinct,
                "unkeyed": self.unkeyed,
                "first_at": self.first_at,
                "last_new_at": self.last_new_at,
                "marks": list(self.marks),
                "dpo_messages": self.dpo_messages,
                "steady": self.steady,
                "last_steady_at": self.last_steady_at,
            }

    def record_dpo(self) -> None:
        with self.lock:
            self.dpo_messages += 1

    def answer_503(self, path: str) -> bool:
        """Whether a flaky receiver at ``path`` still answers 503 (counting this request)."""
        with self.lock:
            seen = self.refusals.get(path, 0)
            if seen >= receivers.FLAKY_FAILURES:
                return False
            self.refusals[path] = seen + 1
            return True

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()
            self.messages = self.unkeyed = 0
            self.first_at = self.last_new_at = None
            self.marks.clear()
            self.dpo_messages = self.steady = 0
            self.last_steady_at = None
            self.refusals.clear()


def _http_server(port: int, handle: Callable[[BaseHTTPRequestHandler, str], None]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            handle(self, "GET")

        def do_POST(self) -> None:
            handle(self, "POST")

        def log_message(self, format: str, *args: Any) -> None:
            return

    class Server(ThreadingHTTPServer):
        # The listen backlog, read by ``listen()`` in the constructor: set on the instance afterwards (as
        # before issue 19's second part) it was ignored, and the sink listened with a backlog of 5. Hundreds
        # of senders connecting at once then overflowed it, SYNs were dropped and retransmitted after 1 s,
        # 3 s, 7 s, and some connects hit their 5 s timeout: the first-try failures of the 10 000-customer
        # run at 64 senders were this sink's, not the engine's.
        request_queue_size = 4096

        def handle_error(self, request: Any, client_address: Any) -> None:
            # A sender that gave up on a slow receiver closed its end: what a real receiver sees, no defect.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server


def _answer(request: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def _control(tally: Tally) -> ThreadingHTTPServer:
    def handle(request: BaseHTTPRequestHandler, method: str) -> None:
        if method == "POST" and request.path == "/reset":
            tally.reset()
            _answer(request, 200, b"{}")
        elif method == "GET" and request.path == "/stats":
            _answer(request, 200, json.dumps(tally.stats()).encode())
        else:
            _answer(request, 404, b"{}")

    return _http_server(0, handle)


def _webhook(tally: Tally, seed: int | None, stop: threading.Event) -> ThreadingHTTPServer:
    def handle(request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length", "0"))
        if length:
            request.rfile.read(length)
        if request.path.startswith("/dpo/"):
            tally.record_dpo()
            _answer(request, 200, b"{}")
            return
        receiver = receivers.of_path(request.path, seed)
        if receiver.kind is receivers.Kind.HANGS:
            # The request has arrived, the answer never comes: the sender cannot know it was received.
            stop.wait(HANG_SECONDS)
            request.close_connection = True
            return
        if receiver.delay:
            time.sleep(receiver.delay)
        if receiver.kind is receivers.Kind.FLAKY and tally.answer_503(request.path):
            _answer(request, 503, b"{}")
            return
        tally.record(request.headers.get(KEY_HEADER), steady=receiver.kind is not receivers.Kind.FLAKY)
        _answer(request, 200, b"{}")

    return _http_server(0, handle)


class _SmtpHandler:
    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.parser = BytesHeaderParser()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  (aiosmtpd hook)
        headers = self.parser.parsebytes(envelope.content)
        self.tally.record(headers.get(KEY_HEADER))
        return "250 OK"


def _serve(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=("webhook", "smtp"))
    parser.add_argument("--receivers", choices=("instant", "realistic"), default="instant")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.receivers == "realistic" and args.kind != "webhook":
        parser.error(f"--receivers realistic: only the webhook sink has realistic receivers, not {args.kind!r}")
    tally = Tally()
    control = _control(tally)
    _serve(control)
    ports: dict[str, int] = {"control": control.server_address[1]}
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.kind == "webhook":
        hook = _webhook(tally, args.seed if args.receivers == "realistic" else None, stop)
        _serve(hook)
        ports["port"] = hook.server_address[1]
        # Bound and never listening: a connection to it is refused (RST), as to a host whose server is down.
        refusing = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        refusing.bind(("127.0.0.1", 0))
        ports["refuse_port"] = refusing.getsockname()[1]
        print(json.dumps(ports), flush=True)
        stop.wait()
        hook.shutdown()
        refusing.close()
    else:
        from aiosmtpd.controller import Controller  # noqa: PLC0415  (only the SMTP sink needs it)

        from tests.servers import free_port  # noqa: PLC0415

        port = free_port()
        controller = Controller(
            _SmtpHandler(tally), hostname="127.0.0.1", port=port, auth_require_tls=False, auth_required=False
        )
        controller.start()
        ports["port"] = port
        print(json.dumps(ports), flush=True)
        stop.wait()
        controller.stop()
    control.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
