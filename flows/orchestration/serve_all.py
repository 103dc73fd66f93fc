"""``make serve``: Prefect's server and UI on loopback (analytics off), the deployments, a worker for the
pool, and the acknowledgement web application; Ctrl-C stops them all.

For production run the same pieces separately (see the README): the Prefect server on PostgreSQL,
workers on as many machines as needed (`prefect worker start --pool breach`), and `breach serve`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POOL = "breach"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["DO_NOT_TRACK"] = "1"  # Prefect's SDK analytics, in the worker and the flow runs it starts
    env.setdefault("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    # Workers poll every 2 s instead of 10 s, so a run handed to the pool starts promptly.
    env.setdefault("PREFECT_WORKER_QUERY_SECONDS", "2")
    # A short heartbeat lets Prefect mark runs of a killed worker as crashed quickly.
    env.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "30")
    env.setdefault("BREACH_WORKDIR", str(ROOT))
    return env


def _wait_healthy(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (our own loopback server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
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


def main() -> int:
    if (problem := _audit_key_problem()) is not None:
        print(problem, file=sys.stderr, flush=True)
        return 2
    env = _env()
    prefect = str(BIN / "prefect")
    processes: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> None:
        processes.append(subprocess.Popen(list(args), env=env, cwd=ROOT))  # noqa: S603  (fixed argument lists)

    try:
        start(prefect, "server", "start", "--host", "127.0.0.1", "--port", "4200")
        _wait_healthy(env["PREFECT_API_URL"] + "/health")
        subprocess.run(  # noqa: S603  (a fixed argument list)
            [prefect, "work-pool", "create", POOL, "--type", "process", "--overwrite"],
            env=env,
            cwd=ROOT,
            check=False,
        )
        subprocess.run([prefect, "--no-prompt", "deploy", "--all"], env=env, cwd=ROOT, check=True)  # noqa: S603
        install_automations = "from flows.orchestration.automations import install; install()"
        subprocess.run([sys.executable, "-c", install_automations], env=env, cwd=ROOT, check=True)  # noqa: S603
        start(prefect, "worker", "start", "--pool", POOL)
        if env.get("BREACH_ACK_SECRET"):
            start(str(BIN / "breach"), "serve")
        else:
            print("BREACH_ACK_SECRET is not set: acknowledgement links and `breach serve` are off", flush=True)
        _warn_alert_channel()
        print("Prefect UI: http://127.0.0.1:4200  (Ctrl-C stops everything)", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    else:
        return 1  # one of the pieces stopped by itself
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    raise SystemExit(main())
