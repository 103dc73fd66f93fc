"""What the benchmarks start and stop: PostgreSQL databases, a Prefect server, the sink, the engine.

Everything is on loopback and is stopped afterwards, each process by its own id; each database is
created for one run and dropped (``WITH (FORCE)``) at its end.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BENCH_ENV = "BREACH_BENCH_POSTGRES_URL"


def use_bench_audit_key() -> None:
    """A fictional audit key for the benchmarks' throwaway databases (the chain is keyed; issue 15), unless
    one is set already. Child processes inherit it."""
    os.environ.setdefault("BREACH_AUDIT_KEY", "bench-only-audit-key-0123456789abcdef")


def bench_identity() -> dict[str, str]:
    """Our own DPO as every notice names it (DPA clause 5(a): the engine refuses real sends without one);
    fictional."""
    return {
        "BREACH_DPO_NAME": "Bench Data Protection Officer",
        "BREACH_DPO_EMAIL": "dpo@cloud.example.org",
        "BREACH_DPO_PHONE": "+32 2 000 00 01",
    }


def postgres_url() -> str:
    return os.environ.get(BENCH_ENV) or DEFAULT_POSTGRES_URL


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq takes it (``postgresql+psycopg://`` -> ``postgresql://``)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def with_database(url: str, name: str, *, driver: str | None = None) -> str:
    """``url`` pointing at database ``name`` (and at ``driver``, e.g. ``asyncpg``)."""
    scheme, rest = url.split("://", 1)
    base = rest.split("?", 1)[0].rsplit("/", 1)[0]
    if driver is not None:
        scheme = f"{scheme.split('+', 1)[0]}+{driver}"
    return f"{scheme}://{base}/{name}"


@contextmanager
def database(prefix: str, url: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database for this run; yields its name and drops it at the end."""
    admin = _libpq(url or postgres_url())
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stop(process: subprocess.Popen[Any], *, grace: float = 15.0) -> None:
    """Stop a process this harness started (its own process group), by its id."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass(frozen=True, slots=True)
class Sink:
    kind: str
    port: int
    control: int
    # A port where nothing listens (connections refused); 0 for the SMTP sink.
    refuse_port: int = 0

    def _call(self, method: str, path: str) -> dict[str, Any]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.control}{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (our own loopback sink)
            loaded: dict[str, Any] = json.loads(response.read())
            return loaded

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def reset(self) -> None:
        self._call("POST", "/reset")

    def wait_for(self, distinct: int, *, timeout: float, idle: float = 0.0) -> dict[str, Any]:
        """Poll until ``distinct`` keys arrived (then wait ``idle`` more for stray copies) or time runs out."""
        deadline = time.monotonic() + timeout
        stats = self.stats()
        while stats["distinct"] < distinct and time.monotonic() < deadline:
            time.sleep(0.05)
            stats = self.stats()
        if idle:
            time.sleep(idle)
            stats = self.stats()
        return stats


@contextmanager
def sink(kind: str, *, realistic_seed: int | None = None) -> Iterator[Sink]:
    """The recording sink (``tests.bench.sink``) in a process of its own; with ``realistic_seed`` its
    receivers behave like the Internet (``tests.bench.receivers``)."""
    realistic = [] if realistic_seed is None else ["--receivers", "realistic", "--seed", str(realistic_seed)]
    process = subprocess.Popen(  # noqa: S603  (a fixed argv: this interpreter and our own modules)
        [PYTHON, "-m", "tests.bench.sink", kind, *realistic],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {kind} sink did not start")
        ports = json.loads(line)
        yield Sink(kind, int(ports["port"]), int(ports["control"]), int(ports.get("refuse_port", 0)))
    finally:
        _stop(process)
        if process.stdout is not None:
            process.stdout.close()


def free_port() -> int:
    from tests.servers import free_port as pick  # noqa: PLC0415

    return pick()


@dataclass(frozen=True, slots=True)
class PrefectServer:
    api_url: str
    home: str
    started_in: float


def prefect_environment(home: str, api_url: str | None = None) -> dict[str, str]:
    env = {
        "PREFECT_HOME": home,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL": "WARNING",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_TASK_RUNS_LEVEL": "WARNING",
    }
    if api_url is not None:
        env["PREFECT_API_URL"] = api_url
    return env


@contextmanager
def prefect_server(url: str | None = None, *, timeout: float = 180.0) -> Iterator[PrefectServer]:
    """``prefect server start`` on a free loopback port, its database a fresh PostgreSQL one (asyncpg)."""
    home = tempfile.mkdtemp(prefix="breach-bench-prefect-")
    try:
        with database("bench_prefect", url) as name:
            port = free_port()
            env = {
                **os.environ,
                **prefect_environment(home),
                "PREFECT_SERVER_DATABASE_CONNECTION_URL": with_database(url or postgres_url(), name, driver="asyncpg"),
            }
            env.pop("PREFECT_API_URL", None)
            started = time.monotonic()
            log = Path(home) / "server.log"
            with log.open("wb") as out:
                process = subprocess.Popen(  # noqa: S603  (a fixed argv: this interpreter and our own modules)
                    [
                        str(Path(PYTHON).with_name("prefect")),
                        "server",
                        "start",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--no-ui",
                        "--analytics-off",
                    ],
                    cwd=home,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                api = f"http://127.0.0.1:{port}/api"
                _wait_healthy(api, process, timeout=timeout, log=log)
                yield PrefectServer(api, home, time.monotonic() - started)
            finally:
                _stop(process)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _wait_healthy(api: str, process: subprocess.Popen[Any], *, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:  # noqa: S310  (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the Prefect server did not answer within {timeout:g} s")


def run_json(
    module: str, args: list[str], *, env: Mapping[str, str], timeout: float, prefix: Sequence[str] = ()
) -> dict[str, Any]:
    """Run ``python -m module args`` in a process of its own; its last stdout line is a JSON object.

    ``prefix`` goes before the interpreter (a profiler such as ``py-spy record -o FILE --``).
    """
    process = subprocess.Popen(  # noqa: S603  (a fixed argv: this interpreter and our own modules)
        [*prefix, PYTHON, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        _stop(process)
    lines = [line for line in output.splitlines() if line.strip()]
    # The last JSON line is the result (a profiler in ``prefix`` may print after it).
    last = max((i for i, line in enumerate(lines) if line.startswith("{")), default=-1)
    if process.returncode != 0 or last < 0:
        raise RuntimeError(f"{module} failed (exit {process.returncode}): {output[-2000:]}")
    for line in lines[:last]:
        print(f"  {module.rsplit('.', 1)[-1]}: {line}", flush=True)
    loaded: dict[str, Any] = json.loads(lines[last])
    return loaded
