"""``make serve``: Prefect's server and UI on loopback (analytics off), the deployments, a worker for the
pool, and the acknowledgement web application; Ctrl-C stops them all, and ``make`` with status 0.

It writes ``.serve.env`` (``flows.orchestration.serve_settings``): a shell that sources it runs ``breach``
against the served database, acknowledgement secret and Prefect server.

For production run the same pieces separately (see the README): the Prefect server on PostgreSQL,
workers on as many machines as needed (`prefect worker start --pool breach`), and `breach serve`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import FrameType

from flows.orchestration import serve_settings

ROOT = serve_settings.ROOT
BIN = Path(sys.executable).parent
POOL = "breach"


def _say(line: str) -> None:
    print(line, flush=True)


def _env() -> dict[str, str]:
    env = serve_settings.serving_environment(os.environ, _say)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["DO_NOT_TRACK"] = "1"  # Prefect's SDK analytics, in the worker and the flow runs it starts
    # Workers poll every 2 s instead of 10 s, so a run handed to the pool starts promptly.
    env.setdefault("PREFECT_WORKER_QUERY_SECONDS", "2")
    # A short heartbeat lets Prefect mark runs of a killed worker as crashed quickly.
    env.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "30")
    env.setdefault("BREACH_WORKDIR", str(ROOT))
    return env


def _wait_healthy(url: str, stopping: threading.Event, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stopping.is_set():
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (our own loopback server)
                if response.status == 200:
                    return
        except OSError:
            stopping.wait(0.5)
    if stopping.is_set():
        return
    raise SystemExit(f"Prefect server did not answer at {url} within {seconds:.0f} s")


def _warn_alert_channel() -> None:
    """No working alert channel: said at start, on stderr, not only when the first alert fails (issue 15)."""
    from flows import alert_channel, runtime  # noqa: PLC0415  (reads the settings only when serving)

    line = alert_channel.warning(runtime.internal_route().urls)
    if line is not None:
        print(line, file=sys.stderr, flush=True)


def _audit_key_problem() -> str | None:
    """Every process we start writes the audit log: without its key each would fail on its first event."""
    from breach.errors import ConfigurationError  # noqa: PLC0415  (reads the settings only when serving)
    from flows.audit_wiring import keyring_of  # noqa: PLC0415
    from flows.settings import get_settings  # noqa: PLC0415

    try:
        keyring_of(get_settings())
    except ConfigurationError as problem:
        return str(problem)
    return None


def _quietly(*args: str, env: dict[str, str], stopping: threading.Event) -> None:
    """A set-up step whose output is shown only when it fails: Prefect's own hints ("start a worker") would
    otherwise repeat once per deployment for the worker this very command starts. Skipped, and not a
    failure, once Ctrl-C asked to stop."""
    if stopping.is_set():
        return
    done = subprocess.run(list(args), env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0 and not stopping.is_set():
        print(done.stdout + done.stderr, file=sys.stderr, flush=True)
        raise SystemExit(f"`{' '.join(Path(a).name if i == 0 else a for i, a in enumerate(args))}` failed")


def main() -> int:
    env = _env()
    # The check below reads the settings of this process: the same environment as the pieces it starts.
    os.environ.clear()
    os.environ.update(env)
    if (problem := _audit_key_problem()) is not None:
        print(problem, file=sys.stderr, flush=True)
        return 2
    prefect = str(BIN / "prefect")
    processes: list[subprocess.Popen[bytes]] = []
    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        # Ctrl-C reaches every process of the terminal's group: the pieces stop themselves, this one waits
        # for them and ends with 0, so `make` reports no error for a stop that was asked for.
        stopping.set()

    def start(*args: str) -> None:
        processes.append(subprocess.Popen(list(args), env=env, cwd=ROOT))  # noqa: S603  (fixed argument lists)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        start(prefect, "server", "start", "--host", "127.0.0.1", "--port", "4200")
        _wait_healthy(env["PREFECT_API_URL"] + "/health", stopping)
        _quietly(prefect, "work-pool", "create", POOL, "--type", "process", "--overwrite", env=env, stopping=stopping)
        _quietly(prefect, "--no-prompt", "deploy", "--all", env=env, stopping=stopping)
        install_automations = "from flows.orchestration.automations import install; install()"
        _quietly(sys.executable, "-c", install_automations, env=env, stopping=stopping)
        if stopping.is_set():
            return 0
        print(f"Deployments created on the work pool {POOL!r}; a worker serves it.", flush=True)
        start(prefect, "worker", "start", "--pool", POOL)
        start(str(BIN / "breach"), "serve")
        _warn_alert_channel()
        settings_file = serve_settings.write_shell_settings(env)
        print("Prefect UI: http://127.0.0.1:4200  (Ctrl-C stops everything)", flush=True)
        print(f"`. ./{settings_file.name}` in another shell: `breach` there uses this database, secret and server.")
        while not stopping.is_set() and all(p.poll() is None for p in processes):
            stopping.wait(1)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0 if stopping.is_set() else 1  # 1: one of the pieces stopped by itself


if __name__ == "__main__":
    raise SystemExit(main())
