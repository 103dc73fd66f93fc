"""The 1 MiB body limit counts the bytes as they stream in, before any key is checked (issue 15, finding 8: a
chunked 200 MB upload without a key grew the server from 147 MB to 645 MB before its 401).

The memory test runs ``breach serve`` itself in a child process on a loopback port and reads that process's
peak resident memory (``VmHWM`` in ``/proc/PID/status``) before and after streaming 200 MB at it from a
generator, with no ``Content-Length`` and no key.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from flows.web.api.routes import MAX_BODY_BYTES
from tests.api.support import World
from tests.servers import free_port

CHUNK = b"x" * 65_536
UPLOAD = 200 * 1024 * 1024


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"{field} not in /proc/{pid}/status")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """``breach serve`` in a child process on a free loopback port: its base URL and process id."""
    if not Path("/proc/self/status").exists():
        pytest.skip("reads the server's memory from /proc (Linux)")
    port = free_port()
    env = {
        **os.environ,
        "BREACH_DATABASE_URL": f"sqlite:///{tmp_path / 'breach.db'}",
        "BREACH_ACK_SECRET": "body-limit-test-secret-0123456789-abcdef",
    }
    breach = shutil.which("breach", path=str(Path(sys.executable).parent))
    assert breach is not None
    server = subprocess.Popen(  # noqa: S603  (our own command, no shell)
        [breach, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, "breach serve exited"
            assert time.monotonic() < deadline, "breach serve did not start"
            time.sleep(0.05)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_chunked_200_mb_upload_without_a_key_is_cut_off_as_it_streams(served: tuple[str, int]) -> None:
    """200 MB streamed without Content-Length or key: 413 once past 1 MiB, the rest never read, and the
    server's peak memory grows by less than 8 MB."""
    base, pid = served
    with httpx.Client(base_url=base, timeout=30) as client:
        # Warm up the code paths a refusal takes, so that the baseline holds them.
        assert client.post("/incidents", content=b"{}", headers={"Content-Type": "application/json"}).status_code == 401
        peak_before, rss_before = _kib(pid, "VmHWM"), _kib(pid, "VmRSS")
        sent = 0

        def body() -> Iterator[bytes]:
            nonlocal sent
            while sent < UPLOAD:
                sent += len(CHUNK)
                yield CHUNK

        started = time.monotonic()
        try:
            answer = client.post("/incidents", content=body(), headers={"Content-Type": "application/json"})
        except httpx.TransportError:  # the server closed the connection before the client could read its 413
            status = None
        else:
            status = answer.status_code
            assert answer.headers["connection"] == "close"
            assert answer.json()["error"]["field"] == "body"
        took = time.monotonic() - started
    peak_after, rss_after = _kib(pid, "VmHWM"), _kib(pid, "VmRSS")
    print(
        f"\nstreamed {sent / 2**20:.1f} MiB of {UPLOAD / 2**20:.0f} MiB in {took:.2f} s; server peak "
        f"{peak_before / 1024:.1f} -> {peak_after / 1024:.1f} MiB, resident {rss_before / 1024:.1f} -> "
        f"{rss_after / 1024:.1f} MiB; answer {status}"
    )
    assert status in {413, None}
    assert sent < 32 * 2**20, f"the client could send {sent} bytes: the server kept reading"
    assert peak_after - peak_before < 8 * 1024, (peak_before, peak_after)


def test_a_declared_length_over_the_limit_is_refused_before_reading(world: World) -> None:
    """A Content-Length over 1 MiB is a 413 in the error shape before a byte is read; no key needed."""
    answer = world.client.post(
        "/incidents",
        content=b"x" * (MAX_BODY_BYTES + 1),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"] == {"field": "body", "value": None, "problem": f"at most {MAX_BODY_BYTES} bytes"}
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_chunked_body_under_the_limit_and_requests_without_a_body_pass(world: World) -> None:
    """A chunked JSON body under the limit is read as usual, and a request with no body is untouched."""

    def body() -> Iterator[bytes]:
        yield b'{"title": "Mailbox export", "description": "EDR flagged a bulk export.", '
        yield b'"services": ["mail-hosting"], "padding_is_not_a_field": "' + b"p" * 200_000 + b'"}'

    answer = world.client.post(
        "/incidents", content=body(), headers={**world.auth("security"), "Content-Type": "application/json"}
    )
    assert answer.status_code == 422  # read whole and validated: the unknown field is named
    assert answer.json()["error"]["field"] == "padding_is_not_a_field"
    assert world.client.get("/incidents", headers=world.auth("dpo")).status_code == 200
    assert world.client.get("/health").status_code == 200
